// Getting from "a page load" to "a session", without asking the user when we can.
import { identityApi } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { Session } from '../api/types';
import { setPersistence, tokenStore } from '../lib/storage';

/** Records a session from create/restore: where secrets go, and the token if we got one. */
export function adoptSession(session: Session): void {
  setPersistence(session.remember);
  if (session.token) tokenStore.set(session.token);
}

/**
 * The cookie usually still works. When it does not (expired, cleared), a
 * token kept in this browser restores the account silently.
 */
export async function resumeSession(): Promise<Session | null> {
  try {
    const session = await identityApi.me({ ignoreUnauthorized: true });
    setPersistence(session.remember);
    return session;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
  }
  return restoreFromStoredToken();
}

export async function restoreFromStoredToken(): Promise<Session | null> {
  const token = tokenStore.get();
  if (!token) return null;
  try {
    const session = await identityApi.restore(token);
    adoptSession({ ...session, token: session.token ?? token });
    return session;
  } catch (e) {
    // A token the server no longer knows is useless; a network error is not its fault.
    if (e instanceof ApiError && (e.status === 401 || e.status === 404 || e.status === 400)) tokenStore.clear();
    else throw e;
    return null;
  }
}
