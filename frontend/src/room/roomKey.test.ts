import { describe, expect, it } from 'vitest';
import { shouldMintKey } from './roomKey';

const m = (id: string) => ({ id, name: id, joinedAt: '2025-01-01T00:00:00Z' });

describe('who makes the room key', () => {
  it('in a matched room, the member whose user id sorts first', () => {
    const room = { origin: 'match' as const, members: [m('u-b'), m('u-a')] };
    expect(shouldMintKey(room, 'u-a')).toBe(true);
    expect(shouldMintKey(room, 'u-b')).toBe(false);
  });
  it('counts me even if the member list does not have me yet', () => {
    expect(shouldMintKey({ origin: 'match', members: [m('u-b')] }, 'u-a')).toBe(true);
    expect(shouldMintKey({ origin: 'match', members: [m('u-a')] }, 'u-b')).toBe(false);
  });
  it('never for created rooms: their creator made it at creation', () => {
    expect(shouldMintKey({ origin: 'created', members: [m('u-a')] }, 'u-a')).toBe(false);
  });
});
