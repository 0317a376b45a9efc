import { afterEach, describe, expect, it } from 'vitest';
import type { SignalEvent, SignalKind } from '../hub/events';
import { FakeDataChannel, FakePc } from './fakePc.testutil';
import { Mesh } from './mesh';
import { SeenIds } from './signalDedupe';

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('SeenIds', () => {
  it('reports the first sighting only', () => {
    const seen = new SeenIds();
    expect(seen.firstTime('x')).toBe(true);
    expect(seen.firstTime('x')).toBe(false);
    expect(seen.firstTime('y')).toBe(true);
  });
  it('stays bounded, forgetting the oldest ids', () => {
    const seen = new SeenIds(3);
    ['a', 'b', 'c', 'd'].forEach((id) => seen.firstTime(id));
    expect(seen.size).toBe(3);
    expect(seen.has('a')).toBe(false);
    expect(seen.firstTime('d')).toBe(false);
  });
});

describe('Mesh', () => {
  let mesh: Mesh | null = null;
  afterEach(() => mesh?.close());

  function setup(selfPeerId = 'b', connectTimeoutMs?: number) {
    const pcs: FakePc[] = [];
    const sent: Array<{ to: string; kind: SignalKind; payload: unknown; id: string }> = [];
    const links: Array<[string, string]> = [];
    const messages: Array<[string, string]> = [];
    mesh = new Mesh({
      selfPeerId,
      config: () => ({ iceServers: [{ urls: ['turn:t.example'] }], iceTransportPolicy: 'relay' }),
      createPc: (config) => {
        const pc = new FakePc(`pc${pcs.length}`, config, false);
        pcs.push(pc);
        return pc;
      },
      sendSignal: async (to, kind, payload, id) => {
        sent.push({ to, kind, payload, id });
      },
      onLinkChange: (peerId, kind) => links.push([peerId, kind]),
      onOpen: () => undefined,
      onMessage: (peerId, text) => messages.push([peerId, text]),
      connectTimeoutMs,
    });
    return { mesh, pcs, sent, links, messages };
  }

  const offer = (id: string, fromPeer = 'a'): SignalEvent => ({
    roomId: 'r', fromPeer, kind: 'offer', payload: { type: 'offer', sdp: 'remote-offer' }, id,
  });

  it('makes one connection per peer, with the configured ICE policy; the impolite side creates the channel', () => {
    const { mesh, pcs, links } = setup();
    mesh.addPeer({ peerId: 'a', userId: 'u1', name: 'Ann' });
    mesh.addPeer({ peerId: 'a', userId: 'u1', name: 'Ann' });
    mesh.addPeer({ peerId: 'b', userId: 'me', name: 'Me' }); // ourselves: ignored
    mesh.addPeer({ peerId: 'c', userId: 'u2', name: 'Cy' });
    expect(pcs).toHaveLength(2);
    expect(pcs[0].config.iceTransportPolicy).toBe('relay');
    expect(pcs[0].channels).toHaveLength(1); // 'b' > 'a': we are impolite towards a
    expect(pcs[1].channels).toHaveLength(0); // 'b' < 'c': polite, c creates it
    expect(links).toEqual([['a', 'connecting'], ['c', 'connecting']]);
  });

  it('ignores a duplicate signal id', async () => {
    const { mesh, pcs, sent } = setup();
    mesh.addPeer({ peerId: 'a', userId: 'u1', name: 'Ann' });
    expect(mesh.handleSignal(offer('sig-1'))).toBe(true);
    expect(mesh.handleSignal(offer('sig-1'))).toBe(false);
    await settle();
    expect(pcs[0].remoteSets).toBe(1);
    expect(sent.filter((s) => s.kind === 'answer')).toHaveLength(1);
    expect(sent[0].to).toBe('a');
  });

  it('holds signals that arrive before the peer is known, then applies them', async () => {
    const { mesh, pcs, sent } = setup();
    expect(mesh.handleSignal(offer('sig-early'))).toBe(true);
    expect(mesh.handleSignal(offer('sig-early'))).toBe(false);
    mesh.addPeer({ peerId: 'a', userId: 'u1', name: 'Ann' });
    await settle();
    expect(pcs[0].remoteSets).toBe(1);
    expect(sent.map((s) => s.kind)).toEqual(['answer']);
  });

  it('sends on open channels only and routes incoming messages by peer', async () => {
    const { mesh, pcs, links, messages } = setup();
    mesh.addPeer({ peerId: 'a', userId: 'u1', name: 'Ann' });
    mesh.addPeer({ peerId: 'c', userId: 'u2', name: 'Cy' });
    expect(mesh.broadcast('hi')).toBe(0);
    pcs[0].channels[0].open();
    await settle();
    expect(mesh.broadcast('hi')).toBe(1);
    expect(pcs[0].channels[0].sent).toEqual(['hi']);
    expect(links).toContainEqual(['a', 'direct']);
    pcs[0].channels[0].onmessage?.(new MessageEvent('message', { data: '{"t":"key?"}' }));
    expect(messages).toEqual([['a', '{"t":"key?"}']]);
  });

  it('on the polite side, adopts the channel the other side created', async () => {
    const { mesh, pcs, links } = setup('a');
    mesh.addPeer({ peerId: 'b', userId: 'u1', name: 'Bea' });
    expect(pcs[0].channels).toHaveLength(0);
    const dc = new FakeDataChannel();
    pcs[0].ondatachannel?.({ channel: dc });
    dc.open();
    await settle();
    expect(mesh.isOpen('b')).toBe(true);
    expect(links.at(-1)).toEqual(['b', 'direct']);
  });

  it('falls back to "server" and escalates when a channel never opens', async () => {
    const { mesh, pcs, links } = setup('b', 20);
    mesh.addPeer({ peerId: 'a', userId: 'u1', name: 'Ann' });
    await new Promise((r) => setTimeout(r, 40));
    expect(links.at(-1)).toEqual(['a', 'server']);
    expect(pcs[0].restarts).toBeGreaterThanOrEqual(1);
  });

  it('closes the connection when a peer leaves', () => {
    const { mesh, pcs } = setup();
    mesh.addPeer({ peerId: 'a', userId: 'u1', name: 'Ann' });
    mesh.removePeer('a');
    expect(pcs[0].closed).toBe(true);
    expect(mesh.linkOf('a')).toBeUndefined();
  });

  it('restarts ICE when the connection fails', async () => {
    const { mesh, pcs } = setup();
    mesh.addPeer({ peerId: 'a', userId: 'u1', name: 'Ann' });
    pcs[0].iceConnectionState = 'failed';
    pcs[0].oniceconnectionstatechange?.(new Event('iceconnectionstatechange'));
    expect(pcs[0].restarts).toBe(1);
  });

  it('on a peer reset (restart signal) rebuilds its connection and acknowledges first', async () => {
    const { mesh, pcs, sent } = setup();
    mesh.addPeer({ peerId: 'a', userId: 'u1', name: 'Ann' });
    mesh.handleSignal({ roomId: 'r', fromPeer: 'a', kind: 'restart', payload: { ack: false }, id: 'r1' });
    expect(pcs[0].closed).toBe(true);
    expect(pcs).toHaveLength(2);
    expect(sent[0]).toMatchObject({ to: 'a', kind: 'restart', payload: { ack: true } });
  });
});
