// Client-side mirror of the server's name rules, used to show hints while typing.
// The server stays the judge: its 400 `errors` are shown too.

export const NAME_MAX = 32;
export const TAG_MAX = 24;
export const MAX_INTERESTS = 5;

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl
  ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  : null;

/** Counts user-perceived characters (grapheme clusters), as the server does. */
export function countCharacters(text: string): number {
  if (!segmenter) return Array.from(text).length;
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

export function normalizeName(raw: string): string {
  return raw.normalize('NFC').trim();
}

export interface NameCheck {
  ok: boolean;
  /** A short sentence to show under the input; empty when nothing needs saying. */
  hint: string;
  length: number;
}

const FORBIDDEN = /[\p{Cc}\p{Cf}]/u;

export function checkName(raw: string): NameCheck {
  const name = normalizeName(raw);
  const length = countCharacters(name);
  if (length === 0) return { ok: false, hint: 'Enter a name (1–32 characters).', length };
  if (length > NAME_MAX) return { ok: false, hint: `Too long: ${length} of ${NAME_MAX} characters.`, length };
  if (FORBIDDEN.test(name)) return { ok: false, hint: 'Invisible or control characters are not allowed.', length };
  return { ok: true, hint: '', length };
}

export function checkTag(raw: string): NameCheck {
  const tag = normalizeName(raw);
  const length = countCharacters(tag);
  if (length === 0) return { ok: false, hint: 'An interest needs at least one character.', length };
  if (length > TAG_MAX) return { ok: false, hint: `An interest can have at most ${TAG_MAX} characters.`, length };
  if (FORBIDDEN.test(tag)) return { ok: false, hint: 'Invisible or control characters are not allowed.', length };
  return { ok: true, hint: '', length };
}
