// /join/{id}: redeem an invite (parked by main.tsx before any screen rendered),
// keep the room key it carried, then continue at /room/{id} without the fragment.
import { useEffect, useState } from 'react';
import { roomsApi } from '../api/endpoints';
import { ApiError } from '../api/http';
import { ErrorText } from '../components/ErrorText';
import { Link } from '../components/Link';
import { describeError } from '../lib/errors';
import { navigate, roomPath } from '../lib/router';
import { inviteStore, pendingJoinStore, roomKeyStore } from '../lib/storage';

function joinErrorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return `This invite is not valid any more. ${e.detail ?? 'Ask for a new link.'}`;
    if (e.status === 404) return 'This room no longer exists: it was destroyed or it expired.';
    if (e.status === 409) return `This room is full. ${e.detail ?? ''}`.trim();
  }
  return describeError(e);
}

export function JoinScreen({ roomId }: { roomId: string }) {
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const pending = pendingJoinStore.get(roomId);
    if (!pending) {
      setError('This invite link is incomplete. Ask for the full link, including everything after “#”.');
      return;
    }
    let alive = true;
    roomsApi.join(roomId, pending.invite).then(
      () => {
        pendingJoinStore.clear();
        if (pending.key) roomKeyStore.set(roomId, pending.key);
        inviteStore.set(roomId, pending.invite);
        if (alive) navigate(roomPath(roomId), { replace: true });
      },
      (e) => alive && setError(joinErrorText(e)),
    );
    return () => {
      alive = false;
    };
  }, [roomId]);

  return (
    <section className="card stack" aria-live="polite">
      <h1>Joining room…</h1>
      {error ? (
        <>
          <ErrorText message={error} />
          <Link href="/" className="btn btn-secondary">Go home</Link>
        </>
      ) : (
        <p className="hint">Checking your invite.</p>
      )}
    </section>
  );
}
