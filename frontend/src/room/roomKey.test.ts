import { describe, expect, it } from 'vitest';
import { shouldMintKey } from './roomKey';

const m = (id: string) => ({ id, name: id, joinedAt: '2025-01-01T00:00:00Z' });

describe('who makes the room key', () => {
  it('in a matched room, the member whose user id sorts first', () => {
    const room = { origin: 'match' as const, members: [m('u-b'), m('u-a')] };
    expect(shouldMintKey(room, 'u-a', true)).toBe(true);
    expect(shouldMintKey(room, 'u-b', true)).toBe(false);
  });
  it('counts me even if the member list does not have me yet', () => {
    expect(shouldMintKey({ origin: 'match', members: [m('u-b')] }, 'u-a', true)).toBe(true);
    expect(shouldMintKey({ origin: 'match', members: [m('u-a')] }, 'u-b', true)).toBe(false);
  });
  it('never for created rooms: their creator made it at creation', () => {
    expect(shouldMintKey({ origin: 'created', members: [m('u-a')] }, 'u-a', true)).toBe(false);
  });

  it('never mints once the room has history: a key exists elsewhere (another device, the peer)', () => {
    const room = { origin: 'match' as const, members: [m('u-a'), m('u-b')] };
    expect(shouldMintKey(room, 'u-a', false)).toBe(false);
    expect(shouldMintKey(room, 'u-b', false)).toBe(false);
  });
});
