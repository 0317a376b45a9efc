import { describe, expect, it } from 'vitest';
import { checkName, checkTag, countCharacters, normalizeName } from './names';

describe('name validation hints', () => {
  it('accepts 1–32 user-perceived characters', () => {
    expect(checkName('A')).toMatchObject({ ok: true, hint: '' });
    expect(checkName('x'.repeat(32))).toMatchObject({ ok: true, length: 32 });
  });

  it('explains empty and whitespace-only names', () => {
    expect(checkName('')).toMatchObject({ ok: false, hint: expect.stringContaining('1–32') });
    expect(checkName('   ')).toMatchObject({ ok: false, length: 0 });
  });

  it('explains names that are too long, counting after trimming', () => {
    const r = checkName('x'.repeat(33));
    expect(r.ok).toBe(false);
    expect(r.hint).toContain('33 of 32');
    expect(checkName(`  ${'x'.repeat(32)}  `).ok).toBe(true);
  });

  it('counts grapheme clusters, not UTF-16 units', () => {
    expect(countCharacters('👍🏽')).toBe(1);
    expect(countCharacters('e\u0301')).toBe(1);
    expect(checkName('🎉'.repeat(32)).ok).toBe(true);
  });

  it('normalizes to NFC', () => {
    expect(normalizeName(' e\u0301 ')).toBe('\u00e9');
  });

  it('flags control and format characters', () => {
    expect(checkName('bad\u0007name')).toMatchObject({ ok: false, hint: expect.stringMatching(/control/) });
    expect(checkName('zero\u200bwidth').ok).toBe(false);
    expect(checkName('rtl\u202eoverride').ok).toBe(false);
  });

  it('checks interest tags at 1–24 characters', () => {
    expect(checkTag('music').ok).toBe(true);
    expect(checkTag('').ok).toBe(false);
    expect(checkTag('y'.repeat(25)).hint).toMatch(/24/);
  });
});
