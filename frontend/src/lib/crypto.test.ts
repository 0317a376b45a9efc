import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, bytesToBase64Url } from './base64url';
import { decryptDispatch, encryptDispatch, exportRoomKey, generateRoomKey, importRoomKey, type DispatchPlain } from './crypto';

const plain: DispatchPlain = { id: '8b0f3c1e-1111-4222-8333-444455556666', sentAt: '2025-01-01T12:00:00.000Z', body: 'héllo 👋 "quoted"\nline' };

describe('base64url', () => {
  it('roundtrips every byte value without padding or +/', () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    const text = bytesToBase64Url(bytes);
    expect(text).not.toMatch(/[+/=]/);
    expect(Array.from(base64UrlToBytes(text))).toEqual(Array.from(bytes));
  });
  it('rejects characters outside the alphabet', () => {
    expect(() => base64UrlToBytes('ab+c')).toThrow();
    expect(() => base64UrlToBytes('a')).toThrow();
  });
});

describe('dispatch envelope crypto', () => {
  it('roundtrips a dispatch', async () => {
    const key = await generateRoomKey();
    const sealed = await encryptDispatch(key, 'room-1', plain);
    expect(sealed.ciphertext).not.toContain('hello');
    expect(await decryptDispatch(key, 'room-1', sealed)).toEqual(plain);
  });

  it('uses a fresh 96-bit IV for every message', async () => {
    const key = await generateRoomKey();
    const ivs = new Set<string>();
    const ciphertexts = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const sealed = await encryptDispatch(key, 'room-1', plain);
      expect(base64UrlToBytes(sealed.iv).length).toBe(12);
      ivs.add(sealed.iv);
      ciphertexts.add(sealed.ciphertext);
    }
    expect(ivs.size).toBe(50);
    expect(ciphertexts.size).toBe(50);
  });

  it('fails with the wrong key', async () => {
    const sealed = await encryptDispatch(await generateRoomKey(), 'room-1', plain);
    await expect(decryptDispatch(await generateRoomKey(), 'room-1', sealed)).rejects.toThrow();
  });

  it('fails when the ciphertext is tampered with', async () => {
    const key = await generateRoomKey();
    const sealed = await encryptDispatch(key, 'room-1', plain);
    const bytes = base64UrlToBytes(sealed.ciphertext);
    bytes[3] ^= 0x01;
    await expect(decryptDispatch(key, 'room-1', { ...sealed, ciphertext: bytesToBase64Url(bytes) })).rejects.toThrow();
  });

  it('fails when the IV is changed', async () => {
    const key = await generateRoomKey();
    const sealed = await encryptDispatch(key, 'room-1', plain);
    const iv = base64UrlToBytes(sealed.iv);
    iv[0] ^= 0xff;
    await expect(decryptDispatch(key, 'room-1', { ...sealed, iv: bytesToBase64Url(iv) })).rejects.toThrow();
  });

  it('is bound to its room: a ciphertext replayed into another room does not open', async () => {
    const key = await generateRoomKey();
    const sealed = await encryptDispatch(key, 'room-1', plain);
    await expect(decryptDispatch(key, 'room-2', sealed)).rejects.toThrow();
  });

  it('exports a 256-bit key as base64url for the link fragment and imports it back', async () => {
    const key = await generateRoomKey();
    const encoded = await exportRoomKey(key);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, unpadded
    const imported = await importRoomKey(encoded);
    const sealed = await encryptDispatch(key, 'r', plain);
    expect(await decryptDispatch(imported, 'r', sealed)).toEqual(plain);
    expect(await exportRoomKey(imported)).toBe(encoded);
  });

  it('refuses keys that are not 256 bits', async () => {
    await expect(importRoomKey(bytesToBase64Url(new Uint8Array(16)))).rejects.toThrow(/256/);
    await expect(importRoomKey('not base64!')).rejects.toThrow();
  });
});
