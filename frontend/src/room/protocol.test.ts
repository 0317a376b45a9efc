import { describe, expect, it } from 'vitest';
import { encodeChannelMessage, parseChannelMessage } from './protocol';

describe('data channel protocol', () => {
  it('roundtrips each message kind', () => {
    for (const m of [
      { t: 'dispatch', id: 'd1', ciphertext: 'abc_-', iv: 'AAAA' },
      { t: 'key?' },
      { t: 'key', key: 'k_-9' },
    ] as const) {
      expect(parseChannelMessage(encodeChannelMessage(m))).toEqual(m);
    }
  });

  it('drops anything malformed', () => {
    expect(parseChannelMessage('not json')).toBeNull();
    expect(parseChannelMessage('null')).toBeNull();
    expect(parseChannelMessage('{"t":"other"}')).toBeNull();
    expect(parseChannelMessage('{"t":"key","key":"has space"}')).toBeNull();
    expect(parseChannelMessage('{"t":"dispatch","id":"x","ciphertext":"a+b","iv":"A"}')).toBeNull();
    expect(parseChannelMessage('{"t":"dispatch","id":1,"ciphertext":"a","iv":"A"}')).toBeNull();
    expect(parseChannelMessage(`{"t":"key?","pad":"${'x'.repeat(70000)}"}`)).toBeNull();
  });

  it('strips unknown fields', () => {
    expect(parseChannelMessage('{"t":"key?","extra":1}')).toEqual({ t: 'key?' });
  });
});
