// Messages on a room's data channels. Everything is JSON text; anything that
// does not parse into one of these shapes is dropped.

export type ChannelMessage =
  | { t: 'dispatch'; id: string; ciphertext: string; iv: string }
  | { t: 'key?' }
  | { t: 'key'; key: string };

const B64URL = /^[A-Za-z0-9_-]+$/;
const MAX_MESSAGE_CHARS = 64 * 1024;

export function encodeChannelMessage(message: ChannelMessage): string {
  return JSON.stringify(message);
}

export function parseChannelMessage(text: string): ChannelMessage | null {
  if (text.length > MAX_MESSAGE_CHARS) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const m = v as Record<string, unknown>;
  switch (m.t) {
    case 'dispatch':
      if (typeof m.id === 'string' && m.id.length <= 100 && typeof m.ciphertext === 'string' &&
          B64URL.test(m.ciphertext) && typeof m.iv === 'string' && B64URL.test(m.iv)) {
        return { t: 'dispatch', id: m.id, ciphertext: m.ciphertext, iv: m.iv };
      }
      return null;
    case 'key?':
      return { t: 'key?' };
    case 'key':
      return typeof m.key === 'string' && B64URL.test(m.key) ? { t: 'key', key: m.key } : null;
    default:
      return null;
  }
}
