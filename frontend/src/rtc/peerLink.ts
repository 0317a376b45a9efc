// One RTCPeerConnection + one data channel to one remote peer, kept alive:
// ICE restart on failure, and a full reset (both sides make new connections,
// coordinated with the `restart` signal) when restarts do not help.
//
// The data channel is in-band (`negotiated: false`) and created by the
// impolite side only. With `negotiated: true` both sides would create it and
// both would fire negotiationneeded at once: glare on every connection. Perfect
// negotiation resolves glare, but Chromium was seen to stall when the polite
// side rolled back an offer whose ICE gathering had just started (no
// candidates ever gathered for the answer). One offerer avoids that for the
// common path; glare handling stays for ICE restarts. Ordered + reliable (the
// defaults) keeps chat order.
import type { SignalKind } from '../hub/events';
import { linkKindFromStats, type LinkKind } from './linkStats';
import { Negotiator, isPolite } from './negotiation';
import type { DataChannelLike, PcFactory, PeerConnectionLike } from './types';

export interface PeerLinkOptions {
  selfPeerId: string;
  peerId: string;
  config: () => RTCConfiguration;
  createPc: PcFactory;
  sendSignal: (kind: SignalKind, payload: unknown) => void;
  onLinkChange: (kind: LinkKind) => void;
  onOpen: () => void;
  onMessage: (text: string) => void;
  /** How long to try before telling the user messages go via the server. */
  connectTimeoutMs?: number;
  statsIntervalMs?: number;
}

const MAX_ICE_RESTARTS = 2;

export class PeerLink {
  link: LinkKind = 'connecting';
  private pc: PeerConnectionLike | null = null;
  private dc: DataChannelLike | null = null;
  private negotiator: Negotiator | null = null;
  private closed = false;
  private iceRestarts = 0;
  private awaitingRestartAck = false;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private resetTimer: ReturnType<typeof setTimeout> | null = null;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private readonly opts: PeerLinkOptions;
  readonly polite: boolean;

  constructor(opts: PeerLinkOptions) {
    this.opts = opts;
    this.polite = isPolite(opts.selfPeerId, opts.peerId);
  }

  start(): void {
    this.createConnection();
  }

  isOpen(): boolean {
    return this.dc?.readyState === 'open';
  }

  send(text: string): boolean {
    if (!this.dc || this.dc.readyState !== 'open') return false;
    try {
      this.dc.send(text);
      return true;
    } catch {
      return false;
    }
  }

  /** Push fresh ICE servers (TURN credentials expire) into the live connection. */
  updateConfiguration(config: RTCConfiguration): void {
    try {
      this.pc?.setConfiguration(config);
    } catch {
      // Some changes (e.g. certificates) are refused; the next reset picks them up.
    }
  }

  handleSignal(kind: SignalKind, payload: unknown): void {
    if (this.closed) return;
    if (kind === 'restart') {
      this.handleRestart(payload);
      return;
    }
    // While we wait for the peer to acknowledge a reset, anything it sends
    // belongs to its old connection.
    if (this.awaitingRestartAck || !this.negotiator) return;
    if (kind === 'offer' || kind === 'answer') {
      const d = payload as RTCSessionDescriptionInit | null;
      if (d && typeof d.sdp === 'string' && (d.type === 'offer' || d.type === 'answer')) {
        void this.negotiator.receiveDescription({ type: d.type, sdp: d.sdp });
      }
    } else if (kind === 'candidate') {
      void this.negotiator.receiveCandidate((payload as RTCIceCandidateInit | null) ?? null);
    }
  }

  close(): void {
    this.closed = true;
    this.clearTimers();
    this.teardown();
  }

  private createConnection(): void {
    const pc = this.opts.createPc(this.opts.config());
    this.pc = pc;
    const negotiator = new Negotiator(
      pc,
      this.polite,
      (description) => this.opts.sendSignal(description.type === 'offer' ? 'offer' : 'answer', description),
      (error) => console.warn('WebRTC negotiation error', error),
    );
    this.negotiator = negotiator;

    pc.onnegotiationneeded = () => {
      if (this.pc === pc) void negotiator.negotiationNeeded();
    };
    pc.onicecandidate = (ev) => {
      if (this.pc !== pc || !ev.candidate) return;
      const c = ev.candidate as RTCIceCandidate & { toJSON?: () => RTCIceCandidateInit };
      this.opts.sendSignal('candidate', typeof c.toJSON === 'function' ? c.toJSON() : c);
    };
    const onState = () => {
      if (this.pc !== pc) return;
      if (pc.connectionState === 'failed' || pc.iceConnectionState === 'failed') {
        // Both sides usually see the failure; letting the impolite one act first avoids restart glare.
        if (!this.polite) this.recover();
        else this.later(3000, () => {
          if (this.pc === pc && (pc.connectionState === 'failed' || pc.iceConnectionState === 'failed')) this.recover();
        });
      }
      else if (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') {
        this.iceRestarts = 0;
        void this.refreshLinkKind();
      }
    };
    pc.onconnectionstatechange = onState;
    pc.oniceconnectionstatechange = onState;

    if (this.polite) {
      pc.ondatachannel = (ev) => {
        if (this.pc === pc) this.attachChannel(ev.channel);
      };
    } else {
      // Creating the channel fires negotiationneeded: the impolite side makes the first offer.
      this.attachChannel(pc.createDataChannel('ephem', { ordered: true }));
    }
    this.armConnectTimer();
  }

  private attachChannel(dc: DataChannelLike): void {
    this.dc?.close();
    this.dc = dc;
    dc.onopen = () => {
      if (this.dc !== dc) return;
      if (this.connectTimer) clearTimeout(this.connectTimer);
      void this.refreshLinkKind();
      this.startStatsPolling();
      this.opts.onOpen();
    };
    dc.onclose = () => {
      if (this.dc !== dc || this.closed) return;
      this.setLink('server');
      // Give a PeerLeft from the hub a moment to arrive before trying to revive the link.
      if (this.resetTimer) clearTimeout(this.resetTimer);
      this.resetTimer = setTimeout(() => {
        if (!this.closed && this.dc === dc) this.fullReset(true);
      }, 3000);
    };
    dc.onmessage = (ev) => {
      if (this.dc === dc && typeof ev.data === 'string') this.opts.onMessage(ev.data);
    };
    // ondatachannel may hand us a channel that is already open.
    if (dc.readyState === 'open') dc.onopen?.(new Event('open'));
  }

  private failTimer: ReturnType<typeof setTimeout> | null = null;

  private later(ms: number, fn: () => void): void {
    if (this.failTimer) clearTimeout(this.failTimer);
    this.failTimer = setTimeout(() => {
      this.failTimer = null;
      if (!this.closed) fn();
    }, ms);
  }

  private armConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = setTimeout(() => {
      if (this.closed || this.isOpen()) return;
      this.setLink('server');
      // ICE may never even reach "failed" (e.g. a lost offer): escalate anyway.
      this.recover();
    }, this.opts.connectTimeoutMs ?? 10_000);
  }

  private startStatsPolling(): void {
    if (this.statsTimer) clearInterval(this.statsTimer);
    // The selected pair can change (ICE restart, network switch): keep the label honest.
    this.statsTimer = setInterval(() => void this.refreshLinkKind(), this.opts.statsIntervalMs ?? 5000);
  }

  private async refreshLinkKind(): Promise<void> {
    const pc = this.pc;
    if (!pc || !this.isOpen()) return;
    try {
      const kind = linkKindFromStats(await pc.getStats());
      if (this.pc === pc && this.isOpen()) this.setLink(kind ?? 'direct');
    } catch {
      if (this.pc === pc && this.isOpen()) this.setLink('direct');
    }
  }

  private recover(): void {
    if (this.closed || this.awaitingRestartAck) return;
    if (this.iceRestarts < MAX_ICE_RESTARTS && this.pc) {
      this.iceRestarts++;
      // After a timeout we already said "server": keep saying it until a channel really opens.
      if (!this.isOpen() && this.link !== 'server') this.setLink('connecting');
      this.pc.restartIce(); // fires negotiationneeded → an ICE-restart offer
      this.armConnectTimer();
      return;
    }
    this.fullReset(true);
  }

  /**
   * Throw the connection away and make a new one. The initiator sends
   * `restart {ack:false}` and waits for `restart {ack:true}` before building,
   * so late signals from the peer's old connection cannot confuse the new one.
   */
  private fullReset(initiator: boolean): void {
    this.teardown();
    this.iceRestarts = 0;
    if (initiator) {
      this.awaitingRestartAck = true;
      this.setLink('server');
      this.opts.sendSignal('restart', { ack: false });
      if (this.resetTimer) clearTimeout(this.resetTimer);
      // If the peer never answers, rebuild anyway and let negotiation sort it out.
      this.resetTimer = setTimeout(() => {
        if (this.closed || !this.awaitingRestartAck) return;
        this.awaitingRestartAck = false;
        this.createConnection();
      }, 20_000);
    } else {
      this.opts.sendSignal('restart', { ack: true });
      this.setLink('connecting');
      this.createConnection();
    }
  }

  private handleRestart(payload: unknown): void {
    const ack = typeof payload === 'object' && payload !== null && (payload as { ack?: unknown }).ack === true;
    if (ack) {
      if (!this.awaitingRestartAck) return; // a crossing reset already rebuilt us
      this.awaitingRestartAck = false;
      if (this.resetTimer) clearTimeout(this.resetTimer);
      this.setLink('connecting');
      this.createConnection();
      return;
    }
    // The peer reset its side: follow, and acknowledge before our new connection speaks.
    this.awaitingRestartAck = false;
    if (this.resetTimer) clearTimeout(this.resetTimer);
    this.fullReset(false);
  }

  private setLink(kind: LinkKind): void {
    if (this.link === kind) return;
    this.link = kind;
    this.opts.onLinkChange(kind);
  }

  private clearTimers(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    if (this.resetTimer) clearTimeout(this.resetTimer);
    if (this.statsTimer) clearInterval(this.statsTimer);
    if (this.failTimer) clearTimeout(this.failTimer);
    this.connectTimer = this.resetTimer = this.statsTimer = this.failTimer = null;
  }

  private teardown(): void {
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = null;
    const { pc, dc } = this;
    this.pc = null;
    this.dc = null;
    this.negotiator = null;
    try {
      dc?.close();
    } catch {
      /* already closed */
    }
    try {
      pc?.close();
    } catch {
      /* already closed */
    }
  }
}
