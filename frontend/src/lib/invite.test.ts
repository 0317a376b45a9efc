import { describe, expect, it } from 'vitest';
import { buildInviteLink, parseInviteLink, parseInviteUrl } from './invite';

describe('invite links', () => {
  it('builds the documented format with both secrets in the fragment', () => {
    const url = buildInviteLink('https://ephem.example', 'r_123', 'inv-XYZ', 'a-b_c');
    expect(url).toBe('https://ephem.example/join/r_123#i=inv-XYZ&k=a-b_c');
    const u = new URL(url);
    expect(u.pathname).toBe('/join/r_123');
    expect(u.search).toBe(''); // nothing secret in what a server would see
  });

  it('roundtrips, including characters that need escaping', () => {
    const url = buildInviteLink('https://x.test/', 'room id/1', 'a+b=c&d', 'KEY_-1');
    expect(parseInviteUrl(url)).toEqual({ roomId: 'room id/1', invite: 'a+b=c&d', key: 'KEY_-1' });
  });

  it('parses a link without a key (the room then waits for a member to share it)', () => {
    expect(parseInviteLink('/join/abc', '#i=secret')).toEqual({ roomId: 'abc', invite: 'secret', key: null });
  });

  it('rejects links that are not invites', () => {
    expect(parseInviteLink('/room/abc', '#i=x&k=y')).toBeNull();
    expect(parseInviteLink('/join/abc', '')).toBeNull();
    expect(parseInviteLink('/join/abc', '#k=only-key')).toBeNull();
    expect(parseInviteLink('/join/', '#i=x')).toBeNull();
    expect(parseInviteUrl('not a url')).toBeNull();
  });

  it('drops a malformed key instead of storing it', () => {
    expect(parseInviteLink('/join/abc', '#i=x&k=bad key!')?.key).toBeNull();
  });
});
