// /account: recovery token, rename, sign out, delete my data.
import { useId, useState, type FormEvent } from 'react';
import { identityApi } from '../api/endpoints';
import { ApiError } from '../api/http';
import { useApp } from '../app/context';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyButton } from '../components/CopyButton';
import { ErrorText } from '../components/ErrorText';
import { describeError } from '../lib/errors';
import { checkName, NAME_MAX, normalizeName } from '../lib/names';
import { tokenStore } from '../lib/storage';

export function AccountScreen() {
  const { session } = useApp();
  return (
    <div className="stack-lg">
      <h1>Account</h1>
      <p className="lead">
        Signed in as <strong>{session.user.name}</strong>{' '}
        <span className="tag">{session.remember ? 'saved on this device' : 'this tab only'}</span>
      </p>
      <TokenSection />
      <RenameSection />
      <DangerSection />
    </div>
  );
}

function TokenSection() {
  const id = useId();
  const token = tokenStore.get();
  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Recovery token</h2>
      {token ? (
        <>
          <p className="hint">Use it to restore this name in another browser or after signing out. Keep it private.</p>
          <code id={`${id}-token`} className="token" data-testid="recovery-token">
            {token}
          </code>
          <div className="row wrap">
            <CopyButton text={token} ariaLabel="Copy recovery token" fallbackElementId={`${id}-token`} />
          </div>
        </>
      ) : (
        <p className="hint">
          This browser does not hold your recovery token (it is only known right after creating or restoring a
          name). If you saved it earlier, keep using that copy.
        </p>
      )}
    </section>
  );
}

function RenameSection() {
  const { session, updateSession } = useApp();
  const id = useId();
  const [name, setName] = useState(session.user.name);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const check = checkName(name);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!check.ok || busy) return;
    setBusy(true);
    setError(null);
    setMessage('');
    try {
      const updated = await identityApi.rename(normalizeName(name));
      updateSession({ ...session, ...updated, token: undefined });
      setMessage('Name changed.');
    } catch (err) {
      setError(err instanceof ApiError && err.fieldError('name') ? err.fieldError('name') ?? null : describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Display name</h2>
      <form onSubmit={submit} className="stack" noValidate>
        <div className="field">
          <label htmlFor={id}>New name</label>
          <input id={id} type="text" value={name} onChange={(e) => setName(e.target.value)} aria-describedby={`${id}-hint`} />
          <p id={`${id}-hint`} className={check.ok ? 'hint' : 'hint hint-error'}>
            {check.hint || `1–${NAME_MAX} characters.`}
          </p>
        </div>
        <ErrorText message={error} />
        <p role="status" className="hint">{message}</p>
        <button type="submit" className="btn btn-primary" disabled={busy || !check.ok || normalizeName(name) === session.user.name}>
          Rename
        </button>
      </form>
    </section>
  );
}

function DangerSection() {
  const { signOut, forgetLocally, session } = useApp();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await identityApi.deleteMe();
      forgetLocally('Your data was deleted.');
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby="danger-title">
      <h2 id="danger-title">Leave EphemChat</h2>
      <p className="hint">
        {session.remember
          ? 'Signing out forgets this browser. You can come back with your recovery token.'
          : 'This is a session-only account: signing out deletes it.'}
      </p>
      <div className="row wrap">
        <button
          type="button"
          className="btn btn-secondary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await signOut();
            } catch (e) {
              setError(describeError(e));
              setBusy(false);
            }
          }}
        >
          Sign out
        </button>
        <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)} disabled={busy}>
          Delete my data
        </button>
      </div>
      <ErrorText message={error} />
      <ConfirmDialog
        open={confirming}
        title="Delete all your data?"
        confirmLabel="Delete everything"
        busy={busy}
        error={error}
        onConfirm={remove}
        onCancel={() => setConfirming(false)}
      >
        <p>Your name, your room memberships and this browser’s keys are deleted now. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
