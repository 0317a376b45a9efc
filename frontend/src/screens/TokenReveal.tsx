// Shown once right after a name is created: the recovery token is the only way
// back into this account from another browser or after signing out.
import { useId } from 'react';
import { CopyButton } from '../components/CopyButton';

interface Props {
  token: string;
  remember: boolean;
  onContinue: () => void;
}

export function TokenReveal({ token, remember, onContinue }: Props) {
  const id = useId();
  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Your recovery token</h1>
      <p>
        This token is the key to your name. With it you can come back from another browser, or after
        signing out. <strong>We show it only now</strong>; keep it somewhere private. Anyone who has it can
        act as you.
      </p>
      <p className="hint">
        {remember
          ? 'This browser also keeps it for you (see Account).'
          : 'This tab keeps it until you close it (see Account).'}
      </p>
      <code id={`${id}-token`} className="token" data-testid="recovery-token">
        {token}
      </code>
      <div className="row">
        <CopyButton text={token} label="Copy" ariaLabel="Copy recovery token" fallbackElementId={`${id}-token`} />
      </div>
      <button type="button" className="btn btn-primary btn-lg" onClick={onContinue}>
        I saved it, continue
      </button>
    </section>
  );
}
