// End-to-end encryption of dispatches with a per-room AES-GCM-256 key.
// The key never reaches a server: it travels in the invite link fragment and
// over WebRTC data channels only. Servers store {id, ciphertext, iv} blobs.
import { base64UrlToBytes, bytesToBase64Url } from './base64url';

/** The plaintext of one chat message, as it is encrypted. */
export interface DispatchPlain {
  id: string;
  sentAt: string;
  body: string;
}

export interface SealedDispatch {
  ciphertext: string;
  iv: string;
}

const ALGORITHM = 'AES-GCM';
const IV_BYTES = 12; // 96-bit IV: the size GCM is specified for.
const KEY_BYTES = 32;

export async function generateRoomKey(): Promise<CryptoKey> {
  // Extractable so it can be put in invite links and handed to peers.
  return crypto.subtle.generateKey({ name: ALGORITHM, length: 256 }, true, ['encrypt', 'decrypt']);
}

export async function exportRoomKey(key: CryptoKey): Promise<string> {
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key));
  return bytesToBase64Url(raw);
}

export async function importRoomKey(encoded: string): Promise<CryptoKey> {
  const raw = base64UrlToBytes(encoded);
  if (raw.length !== KEY_BYTES) throw new Error('A room key must be 256 bits');
  return crypto.subtle.importKey('raw', raw, { name: ALGORITHM }, true, ['encrypt', 'decrypt']);
}

/** Binding the room id as associated data stops a ciphertext being replayed into another room. */
function associatedData(roomId: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`ephemchat:dispatch:${roomId}`);
}

export async function encryptDispatch(key: CryptoKey, roomId: string, plain: DispatchPlain): Promise<SealedDispatch> {
  // A fresh random IV for every message: reusing one under the same key breaks GCM.
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const data = new TextEncoder().encode(JSON.stringify({ id: plain.id, sentAt: plain.sentAt, body: plain.body }));
  const sealed = await crypto.subtle.encrypt(
    { name: ALGORITHM, iv, additionalData: associatedData(roomId) },
    key,
    data,
  );
  return { ciphertext: bytesToBase64Url(new Uint8Array(sealed)), iv: bytesToBase64Url(iv) };
}

/** Throws when the key is wrong, the data was tampered with, or the plaintext is malformed. */
export async function decryptDispatch(key: CryptoKey, roomId: string, sealed: SealedDispatch): Promise<DispatchPlain> {
  const iv = base64UrlToBytes(sealed.iv);
  if (iv.length !== IV_BYTES) throw new Error('Bad IV length');
  const opened = await crypto.subtle.decrypt(
    { name: ALGORITHM, iv, additionalData: associatedData(roomId) },
    key,
    base64UrlToBytes(sealed.ciphertext),
  );
  const parsed: unknown = JSON.parse(new TextDecoder().decode(opened));
  if (
    typeof parsed !== 'object' || parsed === null ||
    typeof (parsed as DispatchPlain).id !== 'string' ||
    typeof (parsed as DispatchPlain).sentAt !== 'string' ||
    typeof (parsed as DispatchPlain).body !== 'string'
  ) {
    throw new Error('Malformed dispatch');
  }
  const p = parsed as DispatchPlain;
  return { id: p.id, sentAt: p.sentAt, body: p.body };
}
