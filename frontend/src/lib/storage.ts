// Where secrets live in the browser. A saved account ("Keep me on this device")
// uses localStorage so it survives restarts; a session-only account uses
// sessionStorage so closing the tab forgets everything.

const PREFIX = 'ephem:';
const TOKEN_KEY = 'ephem:token';
const roomKeyName = (roomId: string) => `ephem:roomkey:${roomId}`;
const inviteName = (roomId: string) => `ephem:invite:${roomId}`;
const pendingJoinName = 'ephem:pendingjoin';

function store(kind: 'local' | 'session'): Storage | null {
  try {
    return kind === 'local' ? globalThis.localStorage ?? null : globalThis.sessionStorage ?? null;
  } catch {
    // Storage access throws in some privacy modes; behave as if empty.
    return null;
  }
}

let remember = false;

/** Chooses where new secrets go; called whenever the session (and its `remember` flag) is known. */
export function setPersistence(rememberOnDevice: boolean): void {
  remember = rememberOnDevice;
}

function primary(): Storage | null {
  return store(remember ? 'local' : 'session');
}

function readAny(name: string): string | null {
  return primary()?.getItem(name) ?? store('session')?.getItem(name) ?? store('local')?.getItem(name) ?? null;
}

function write(name: string, value: string): void {
  // Keep one copy only, in the storage that matches the account kind.
  store(remember ? 'session' : 'local')?.removeItem(name);
  primary()?.setItem(name, value);
}

function removeEverywhere(name: string): void {
  store('local')?.removeItem(name);
  store('session')?.removeItem(name);
}

export const tokenStore = {
  get: (): string | null => readAny(TOKEN_KEY),
  set: (token: string): void => write(TOKEN_KEY, token),
  clear: (): void => removeEverywhere(TOKEN_KEY),
};

export const roomKeyStore = {
  get: (roomId: string): string | null => readAny(roomKeyName(roomId)),
  set: (roomId: string, key: string): void => write(roomKeyName(roomId), key),
  clear: (roomId: string): void => removeEverywhere(roomKeyName(roomId)),
};

export const inviteStore = {
  get: (roomId: string): string | null => readAny(inviteName(roomId)),
  set: (roomId: string, invite: string): void => write(inviteName(roomId), invite),
  clear: (roomId: string): void => removeEverywhere(inviteName(roomId)),
};

export interface PendingJoin {
  roomId: string;
  invite: string;
  key: string | null;
}

/**
 * An invite opened before signing in is parked in sessionStorage (this tab only)
 * so it survives the Welcome step and a reload, but not the tab.
 */
export const pendingJoinStore = {
  get(roomId: string): PendingJoin | null {
    const raw = store('session')?.getItem(pendingJoinName);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as PendingJoin;
      return parsed.roomId === roomId && typeof parsed.invite === 'string' ? parsed : null;
    } catch {
      return null;
    }
  },
  set(value: PendingJoin): void {
    store('session')?.setItem(pendingJoinName, JSON.stringify(value));
  },
  clear(): void {
    store('session')?.removeItem(pendingJoinName);
  },
};

/** The tests force TURN with `localStorage['ephem:iceTransportPolicy'] = 'relay'`. */
export function forcedIceTransportPolicy(): RTCIceTransportPolicy | undefined {
  return store('local')?.getItem('ephem:iceTransportPolicy') === 'relay' ? 'relay' : undefined;
}

/** Forget every EphemChat secret on this device (sign out, delete data). */
export function clearAllEphemData(): void {
  for (const s of [store('local'), store('session')]) {
    if (!s) continue;
    const names: string[] = [];
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i);
      // The relay switch is a test/diagnostic setting, not user data.
      if (k && k.startsWith(PREFIX) && k !== 'ephem:iceTransportPolicy') names.push(k);
    }
    names.forEach((k) => s.removeItem(k));
  }
}
