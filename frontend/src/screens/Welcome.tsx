// First screen: pick a display name, or come back with a recovery token.
import { useId, useState, type FormEvent } from 'react';
import { identityApi } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { Session } from '../api/types';
import { ErrorText } from '../components/ErrorText';
import { describeError } from '../lib/errors';
import { checkName, NAME_MAX, normalizeName } from '../lib/names';

interface Props {
  /** `created` is true for a brand-new account, whose token must be shown once. */
  onSignedIn: (session: Session, created: boolean) => void;
  notice?: string | null;
  joining?: boolean;
}

export function Welcome({ onSignedIn, notice, joining }: Props) {
  return (
    <div className="stack-lg welcome">
      <section className="hero" aria-labelledby="welcome-title">
        <h1 id="welcome-title">Talk, then vanish.</h1>
        <p className="lead">
          Anonymous chat rooms that destroy themselves. Messages are encrypted in your browser and go
          straight to the people you talk to.
        </p>
        {joining && <p className="callout">You were invited to a room. Choose a name to join it.</p>}
        {notice && <p className="callout callout-warn" data-testid="notice" role="status">{notice}</p>}
      </section>
      <CreateIdentity onSignedIn={onSignedIn} />
      <RestoreIdentity onSignedIn={onSignedIn} />
    </div>
  );
}

function CreateIdentity({ onSignedIn }: Pick<Props, 'onSignedIn'>) {
  const nameId = useId();
  const hintId = useId();
  const rememberHintId = useId();
  const [name, setName] = useState('');
  const [remember, setRemember] = useState(false);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const check = checkName(name);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!check.ok || busy) return;
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      onSignedIn(await identityApi.create(normalizeName(name), remember), true);
    } catch (err) {
      if (err instanceof ApiError && err.fieldError('name')) setFieldError(err.fieldError('name') ?? null);
      setError(describeError(err));
      setBusy(false);
    }
  };

  const hint = fieldError ?? (touched || name ? check.hint : '');
  return (
    <section className="card" aria-labelledby={`${nameId}-title`}>
      <h2 id={`${nameId}-title`}>Choose a name</h2>
      <form onSubmit={submit} noValidate className="stack">
        <div className="field">
          <label htmlFor={nameId}>Display name</label>
          <input
            id={nameId}
            name="name"
            type="text"
            autoComplete="nickname"
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            onBlur={() => setTouched(true)}
            aria-describedby={hintId}
            aria-invalid={touched && !check.ok ? true : undefined}
            maxLength={NAME_MAX * 8 /* graphemes can span many code units; the real rule is below */}
          />
          <p id={hintId} className={hint ? 'hint hint-error' : 'hint'}>
            {hint || `1–${NAME_MAX} characters. Others see this name; nothing else about you.`}
            <span className="counter" aria-hidden="true"> {check.length}/{NAME_MAX}</span>
          </p>
        </div>
        <div className="field-check">
          <input
            id={`${nameId}-remember`}
            type="checkbox"
            checked={remember}
            onChange={(e) => setRemember(e.target.checked)}
            aria-describedby={rememberHintId}
          />
          <label htmlFor={`${nameId}-remember`}>Keep me on this device</label>
        </div>
        <p id={rememberHintId} className="hint">
          {remember
            ? 'A saved account: this browser remembers you until you sign out.'
            : 'A session-only account: it disappears when you sign out or close this tab.'}
        </p>
        <ErrorText message={error} />
        <button type="submit" className="btn btn-primary btn-lg" disabled={busy}>
          {busy ? 'Entering…' : 'Enter EphemChat'}
        </button>
      </form>
    </section>
  );
}

function RestoreIdentity({ onSignedIn }: Pick<Props, 'onSignedIn'>) {
  const tokenId = useId();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = token.trim();
    if (!value) {
      setError('Paste your recovery token first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await identityApi.restore(value);
      onSignedIn({ ...session, token: session.token ?? value }, false);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${tokenId}-title`}>
      <details>
        <summary>
          <h2 id={`${tokenId}-title`} className="summary-title">Restore with a token</h2>
        </summary>
        <form onSubmit={submit} className="stack" noValidate>
          <p className="hint">Use the recovery token you saved when you created your name.</p>
          <div className="field">
            <label htmlFor={tokenId}>Recovery token</label>
            <input
              id={tokenId}
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          </div>
          <ErrorText message={error} />
          <button type="submit" className="btn btn-secondary" disabled={busy}>
            {busy ? 'Restoring…' : 'Restore'}
          </button>
        </form>
      </details>
    </section>
  );
}
