// The app shell: find out who we are, then show Welcome or the signed-in app.
import { useCallback, useEffect, useRef, useState } from 'react';
import { identityApi } from '../api/endpoints';
import { ApiError, setUnauthorizedHandler } from '../api/http';
import type { Session } from '../api/types';
import { Link } from '../components/Link';
import { StatusFooter } from '../components/StatusFooter';
import type { HubClient } from '../hub/hubClient';
import { describeError } from '../lib/errors';
import { matchRoute, navigate, usePathname } from '../lib/router';
import { clearAllEphemData } from '../lib/storage';
import { TokenReveal } from '../screens/TokenReveal';
import { Welcome } from '../screens/Welcome';
import { adoptSession, restoreFromStoredToken, resumeSession } from './auth';
import { SignedInShell } from './SignedInShell';

type Auth =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'signedOut'; notice?: string }
  | { status: 'signedIn'; session: Session };

export function App() {
  const route = matchRoute(usePathname());
  const [auth, setAuth] = useState<Auth>({ status: 'loading' });
  const [reveal, setReveal] = useState<{ token: string; remember: boolean } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const recovering = useRef<Promise<void> | null>(null);

  const boot = useCallback(() => {
    setAuth({ status: 'loading' });
    resumeSession().then(
      (session) => setAuth(session ? { status: 'signedIn', session } : { status: 'signedOut' }),
      (e) => setAuth({ status: 'failed', message: describeError(e) }),
    );
  }, []);

  useEffect(boot, [boot]);

  // Any 401 from a signed-in call: try the stored token once, else back to Welcome.
  useEffect(() => {
    setUnauthorizedHandler((error: ApiError) => {
      if (recovering.current) return;
      recovering.current = restoreFromStoredToken()
        .catch(() => null)
        .then((session) => {
          if (session) {
            setAuth({ status: 'signedIn', session });
            return;
          }
          setAuth({
            status: 'signedOut',
            notice: error.slug === 'session-expired'
              ? 'Your session expired. Choose a name again, or restore with your token.'
              : 'You are signed out. Choose a name, or restore with your token.',
          });
        })
        .finally(() => {
          recovering.current = null;
        });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  // A notice belongs to the Home screen it was shown on.
  useEffect(() => {
    if (route.name !== 'home') setNotice(null);
  }, [route.name]);

  const onSignedIn = useCallback((session: Session, created: boolean) => {
    adoptSession(session);
    if (created && session.token) setReveal({ token: session.token, remember: session.remember });
    setAuth({ status: 'signedIn', session: { ...session, token: undefined } });
  }, []);

  const updateSession = useCallback((session: Session) => setAuth({ status: 'signedIn', session }), []);

  const forgetLocally = useCallback((hub: HubClient, text?: string) => {
    void hub.stop();
    clearAllEphemData();
    setReveal(null);
    setAuth({ status: 'signedOut', notice: text });
    navigate('/');
  }, []);

  const signOut = useCallback(async (hub: HubClient) => {
    try {
      await identityApi.signOut();
    } catch (e) {
      // Already signed out on the server (expired): forgetting locally is all that is left.
      if (!(e instanceof ApiError && e.status === 401)) throw e;
    }
    forgetLocally(hub, 'You signed out.');
  }, [forgetLocally]);

  let content;
  if (auth.status === 'loading') {
    content = <p className="hint center" aria-busy="true">Loading…</p>;
  } else if (auth.status === 'failed') {
    content = (
      <section className="card stack">
        <h1>EphemChat is unreachable</h1>
        <p className="error" role="alert">{auth.message}</p>
        <button type="button" className="btn btn-primary" onClick={boot}>Try again</button>
      </section>
    );
  } else if (auth.status === 'signedOut') {
    content = <Welcome onSignedIn={onSignedIn} notice={auth.notice} joining={route.name === 'join'} />;
  } else if (reveal) {
    content = <TokenReveal token={reveal.token} remember={reveal.remember} onContinue={() => setReveal(null)} />;
  } else {
    content = (
      <SignedInShell
        key={auth.session.user.id}
        session={auth.session}
        route={route}
        notice={notice}
        setNotice={setNotice}
        updateSession={updateSession}
        signOut={signOut}
        forgetLocally={forgetLocally}
      />
    );
  }

  return (
    <div className="app">
      <a href="#main" className="skip-link">Skip to content</a>
      <header className="topbar">
        <Link href="/" className="brand" aria-label="EphemChat home">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>EphemChat</span>
        </Link>
        {auth.status === 'signedIn' && (
          <nav aria-label="Main">
            <Link href="/account" className="nav-link" aria-current={route.name === 'account' ? 'page' : undefined}>
              <span className="visually-hidden">Account: </span>
              {auth.session.user.name}
            </Link>
          </nav>
        )}
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {content}
      </main>
      <StatusFooter />
    </div>
  );
}
