// Who makes a room's key, and where it is kept.
import type { Room } from '../api/types';
import { exportRoomKey, generateRoomKey, importRoomKey } from '../lib/crypto';
import { roomKeyStore } from '../lib/storage';

/**
 * A matched room has no creator who could have made the key, so the member
 * whose user id sorts first makes it and hands it over the data channel.
 * Only while the room has no history: once anything was written, a key exists
 * somewhere (this account on another device, the peer), and a new one would
 * split the room in two. A device without the key then asks its peers.
 */
export function shouldMintKey(
  room: Pick<Room, 'origin' | 'members'>,
  selfUserId: string,
  historyIsEmpty: boolean,
): boolean {
  if (room.origin !== 'match' || !historyIsEmpty) return false;
  const ids = room.members.map((m) => m.id);
  if (!ids.includes(selfUserId)) ids.push(selfUserId);
  ids.sort();
  return ids[0] === selfUserId;
}

export async function loadRoomKey(roomId: string): Promise<CryptoKey | null> {
  const stored = roomKeyStore.get(roomId);
  if (!stored) return null;
  try {
    return await importRoomKey(stored);
  } catch {
    roomKeyStore.clear(roomId); // corrupt: better to ask a peer again
    return null;
  }
}

export async function mintRoomKey(roomId: string): Promise<{ key: CryptoKey; encoded: string }> {
  const key = await generateRoomKey();
  const encoded = await exportRoomKey(key);
  roomKeyStore.set(roomId, encoded);
  return { key, encoded };
}
