import { Link } from '../components/Link';

export function NotFound() {
  return (
    <section className="card stack">
      <h1>Nothing here</h1>
      <p>This page does not exist. Rooms vanish when they end, and so do their links.</p>
      <Link href="/" className="btn btn-secondary">Go home</Link>
    </section>
  );
}
