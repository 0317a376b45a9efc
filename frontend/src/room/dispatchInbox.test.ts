import { describe, expect, it } from 'vitest';
import { encryptDispatch, generateRoomKey, type DispatchPlain } from '../lib/crypto';
import { DispatchInbox, type IncomingEnvelope } from './dispatchInbox';

const ROOM = 'room-1';
const ME = 'user-me';
const BOB = 'user-bob';

async function envelope(key: CryptoKey, plain: Partial<DispatchPlain> & { id: string }, senderId = BOB): Promise<IncomingEnvelope> {
  const full = { sentAt: '2025-01-01T10:00:00.000Z', body: `body of ${plain.id}`, ...plain };
  return { id: plain.id, senderId, ...(await encryptDispatch(key, ROOM, full)) };
}

describe('DispatchInbox de-duplication', () => {
  it('keeps the channel copy when the channel arrives first', async () => {
    const key = await generateRoomKey();
    const inbox = new DispatchInbox(ROOM, ME);
    await inbox.setKey(key);
    const env = await envelope(key, { id: 'd1' });
    expect(await inbox.receive(env, 'channel')).toBe('added');
    expect(await inbox.receive(env, 'history')).toBe('duplicate');
    expect(inbox.list()).toHaveLength(1);
    expect(inbox.list()[0]).toMatchObject({ id: 'd1', via: 'channel', body: 'body of d1', senderId: BOB });
  });

  it('keeps the history copy when history arrives first', async () => {
    const key = await generateRoomKey();
    const inbox = new DispatchInbox(ROOM, ME);
    await inbox.setKey(key);
    const env = await envelope(key, { id: 'd2' });
    expect(await inbox.receive(env, 'history')).toBe('added');
    expect(await inbox.receive(env, 'channel')).toBe('duplicate');
    expect(inbox.list().map((d) => d.via)).toEqual(['history']);
  });

  it('de-duplicates copies that arrive while the first is still being decrypted', async () => {
    const key = await generateRoomKey();
    const inbox = new DispatchInbox(ROOM, ME);
    await inbox.setKey(key);
    const env = await envelope(key, { id: 'd3' });
    const results = await Promise.all([inbox.receive(env, 'channel'), inbox.receive(env, 'history')]);
    expect(results).toEqual(['added', 'duplicate']);
    expect(inbox.list().map((d) => d.via)).toEqual(['channel']);
  });

  it('falls back to the second copy when the first cannot be opened', async () => {
    const key = await generateRoomKey();
    const inbox = new DispatchInbox(ROOM, ME);
    await inbox.setKey(key);
    const good = await envelope(key, { id: 'd4' });
    const forged = await envelope(await generateRoomKey(), { id: 'd4' });
    const results = await Promise.all([inbox.receive(forged, 'channel'), inbox.receive(good, 'history')]);
    expect(results[1]).toBe('duplicate');
    expect(inbox.list()).toHaveLength(1);
    expect(inbox.list()[0].via).toBe('history');
  });

  it('rejects an envelope whose inner id differs from the outer one', async () => {
    const key = await generateRoomKey();
    const inbox = new DispatchInbox(ROOM, ME);
    await inbox.setKey(key);
    const env = await envelope(key, { id: 'original' });
    expect(await inbox.receive({ ...env, id: 'replayed' }, 'channel')).toBe('rejected');
    expect(inbox.list()).toHaveLength(0);
    expect(await inbox.receive(env, 'channel')).toBe('added');
  });

  it('labels my own messages as self by sender id, however they arrive', async () => {
    const key = await generateRoomKey();
    const inbox = new DispatchInbox(ROOM, ME);
    await inbox.setKey(key);
    await inbox.receive(await envelope(key, { id: 'mine', body: 'from my other tab' }, ME), 'history');
    expect(inbox.list()[0].via).toBe('self');
  });

  it('shows my sent message at once and ignores its echo from history', async () => {
    const key = await generateRoomKey();
    const inbox = new DispatchInbox(ROOM, ME);
    await inbox.setKey(key);
    const plain = { id: 'own-1', sentAt: '2025-01-01T10:00:00.000Z', body: 'hi' };
    inbox.addOwn(plain);
    expect(inbox.list()[0]).toMatchObject({ via: 'self', status: 'sending' });
    inbox.setStatus('own-1', 'sent');
    expect(await inbox.receive({ id: 'own-1', senderId: ME, ...(await encryptDispatch(key, ROOM, plain)) }, 'history')).toBe('duplicate');
    expect(inbox.list()).toHaveLength(1);
    expect(inbox.list()[0].status).toBe('sent');
  });

  it('holds messages until the key arrives, then opens them keeping their first path', async () => {
    const key = await generateRoomKey();
    const inbox = new DispatchInbox(ROOM, ME);
    const a = await envelope(key, { id: 'a', sentAt: '2025-01-01T10:00:01.000Z' });
    const b = await envelope(key, { id: 'b', sentAt: '2025-01-01T10:00:00.000Z' });
    expect(await inbox.receive(a, 'history')).toBe('pending');
    expect(await inbox.receive(b, 'channel')).toBe('pending');
    expect(await inbox.receive(a, 'channel')).toBe('duplicate');
    expect(inbox.waitingCount).toBe(2);
    expect(inbox.list()).toHaveLength(0);
    expect(await inbox.setKey(key)).toBe(2);
    expect(inbox.waitingCount).toBe(0);
    // Sorted by send time.
    expect(inbox.list().map((d) => [d.id, d.via])).toEqual([['b', 'channel'], ['a', 'history']]);
  });

  it('trusts the server sender id from history over a channel attribution', async () => {
    const key = await generateRoomKey();
    const inbox = new DispatchInbox(ROOM, ME);
    await inbox.setKey(key);
    const env = await envelope(key, { id: 'x' }, 'user-claimed');
    await inbox.receive(env, 'channel');
    await inbox.receive({ ...env, senderId: 'user-real' }, 'history');
    expect(inbox.list()[0]).toMatchObject({ senderId: 'user-real', via: 'channel' });
  });

  it('notifies on change', async () => {
    let changes = 0;
    const key = await generateRoomKey();
    const inbox = new DispatchInbox(ROOM, ME, () => changes++);
    await inbox.setKey(key);
    const before = changes;
    await inbox.receive(await envelope(key, { id: 'n' }), 'channel');
    expect(changes).toBeGreaterThan(before);
  });
});
