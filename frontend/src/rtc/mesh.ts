// A full mesh: one PeerLink per other peer online in the room. Routes hub
// signals to the right link (dropping duplicate signal ids) and fans
// messages out over every open data channel.
import type { Peer } from '../api/types';
import type { SignalEvent, SignalKind } from '../hub/events';
import { newId } from '../lib/ids';
import type { LinkKind } from './linkStats';
import { PeerLink } from './peerLink';
import { SeenIds } from './signalDedupe';
import { browserPcFactory, type PcFactory } from './types';

export interface MeshOptions {
  selfPeerId: string;
  config: () => RTCConfiguration;
  sendSignal: (toPeer: string, kind: SignalKind, payload: unknown, id: string) => Promise<void>;
  onLinkChange: (peerId: string, kind: LinkKind) => void;
  onOpen: (peerId: string) => void;
  onMessage: (peerId: string, text: string) => void;
  createPc?: PcFactory;
  connectTimeoutMs?: number;
}

export class Mesh {
  private readonly links = new Map<string, PeerLink>();
  private readonly seen = new SeenIds();
  /** Signals that arrived before PeerJoined told us about their sender. */
  private readonly early = new Map<string, SignalEvent[]>();
  private readonly opts: MeshOptions;
  private closed = false;

  constructor(opts: MeshOptions) {
    this.opts = opts;
  }

  get selfPeerId(): string {
    return this.opts.selfPeerId;
  }

  addPeer(peer: Peer): void {
    if (this.closed || peer.peerId === this.opts.selfPeerId || this.links.has(peer.peerId)) return;
    const peerId = peer.peerId;
    const link = new PeerLink({
      selfPeerId: this.opts.selfPeerId,
      peerId,
      config: this.opts.config,
      createPc: this.opts.createPc ?? browserPcFactory,
      connectTimeoutMs: this.opts.connectTimeoutMs,
      sendSignal: (kind, payload) => {
        this.opts.sendSignal(peerId, kind, payload, newId()).catch((e: unknown) => {
          console.warn('Signal not delivered', e);
        });
      },
      onLinkChange: (kind) => this.opts.onLinkChange(peerId, kind),
      onOpen: () => this.opts.onOpen(peerId),
      onMessage: (text) => this.opts.onMessage(peerId, text),
    });
    this.links.set(peerId, link);
    this.opts.onLinkChange(peerId, link.link);
    link.start();
    const queued = this.early.get(peerId);
    this.early.delete(peerId);
    queued?.forEach((s) => link.handleSignal(s.kind, s.payload));
  }

  removePeer(peerId: string): void {
    this.early.delete(peerId);
    const link = this.links.get(peerId);
    if (!link) return;
    this.links.delete(peerId);
    link.close();
  }

  /** Returns false when the signal was a duplicate (same id seen before). */
  handleSignal(signal: SignalEvent): boolean {
    if (this.closed || !signal.id || !this.seen.firstTime(signal.id)) return false;
    const link = this.links.get(signal.fromPeer);
    if (link) {
      link.handleSignal(signal.kind, signal.payload);
    } else {
      const list = this.early.get(signal.fromPeer) ?? [];
      // Bounded: a peer that never shows up must not grow memory.
      if (list.length < 200) list.push(signal);
      this.early.set(signal.fromPeer, list);
    }
    return true;
  }

  linkOf(peerId: string): LinkKind | undefined {
    return this.links.get(peerId)?.link;
  }

  isOpen(peerId: string): boolean {
    return this.links.get(peerId)?.isOpen() ?? false;
  }

  send(peerId: string, text: string): boolean {
    return this.links.get(peerId)?.send(text) ?? false;
  }

  /** Sends to every open channel; returns how many peers got it. */
  broadcast(text: string): number {
    let n = 0;
    for (const link of this.links.values()) if (link.send(text)) n++;
    return n;
  }

  updateConfiguration(config: RTCConfiguration): void {
    this.links.forEach((l) => l.updateConfiguration(config));
  }

  close(): void {
    this.closed = true;
    this.links.forEach((l) => l.close());
    this.links.clear();
    this.early.clear();
  }
}
