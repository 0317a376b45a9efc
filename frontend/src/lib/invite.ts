// Invite links: `{origin}/join/{roomId}#i={invite}&k={roomKey}`.
// Both secrets sit in the fragment, which browsers never send to a server.

export interface InviteParts {
  roomId: string;
  invite: string;
  key: string | null;
}

export function buildInviteLink(origin: string, roomId: string, invite: string, key: string | null): string {
  const fragment = new URLSearchParams();
  fragment.set('i', invite);
  if (key) fragment.set('k', key);
  return `${origin.replace(/\/+$/, '')}/join/${encodeURIComponent(roomId)}#${fragment.toString()}`;
}

/** Reads a join URL (or its pathname + hash); null when it is not a usable invite. */
export function parseInviteLink(pathname: string, hash: string): InviteParts | null {
  const m = /^\/join\/([^/?#]+)\/?$/.exec(pathname);
  if (!m) return null;
  let roomId: string;
  try {
    roomId = decodeURIComponent(m[1]);
  } catch {
    return null;
  }
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const invite = params.get('i');
  if (!roomId || !invite) return null;
  const key = params.get('k');
  return { roomId, invite, key: key && /^[A-Za-z0-9_-]+$/.test(key) ? key : null };
}

export function parseInviteUrl(url: string): InviteParts | null {
  try {
    const u = new URL(url);
    return parseInviteLink(u.pathname, u.hash);
  } catch {
    return null;
  }
}
