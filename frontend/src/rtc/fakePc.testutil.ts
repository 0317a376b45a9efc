// A small in-memory stand-in for RTCPeerConnection's signaling state machine
// (JSEP offer/answer with implicit rollback), enough to exercise perfect
// negotiation without a browser.
import type { DataChannelLike, PeerConnectionLike } from './types';

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

export class FakeDataChannel implements DataChannelLike {
  readyState: RTCDataChannelState = 'connecting';
  sent: string[] = [];
  onopen: ((ev: Event) => unknown) | null = null;
  onclose: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  send(data: string): void {
    if (this.readyState !== 'open') throw new Error('InvalidStateError');
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 'closed';
  }
  open(): void {
    this.readyState = 'open';
    this.onopen?.(new Event('open'));
  }
}

export class FakePc implements PeerConnectionLike {
  signalingState: RTCSignalingState = 'stable';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  onnegotiationneeded: ((ev: Event) => unknown) | null = null;
  onicecandidate: ((ev: RTCPeerConnectionIceEvent) => unknown) | null = null;
  onconnectionstatechange: ((ev: Event) => unknown) | null = null;
  oniceconnectionstatechange: ((ev: Event) => unknown) | null = null;
  ondatachannel: ((ev: { channel: DataChannelLike }) => unknown) | null = null;
  /** Offer/answer pairs this connection completed, as "offerSdp|answerSdp". */
  completed: string[] = [];
  rollbacks = 0;
  remoteSets = 0;
  candidates: Array<RTCIceCandidateInit | undefined> = [];
  channels: FakeDataChannel[] = [];
  restarts = 0;
  closed = false;
  config: RTCConfiguration;
  private offers = 0;
  private pendingOffer: string | null = null;
  private readonly name: string;
  private readonly autoNegotiate: boolean;

  constructor(name: string, config: RTCConfiguration = {}, autoNegotiate = true) {
    this.name = name;
    this.config = config;
    this.autoNegotiate = autoNegotiate;
  }

  async setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void> {
    await tick();
    if (description?.type === 'rollback') {
      this.signalingState = 'stable';
      return;
    }
    if (this.signalingState === 'stable' || this.signalingState === 'have-local-offer') {
      const sdp = `${this.name}-offer-${++this.offers}`;
      this.localDescription = { type: 'offer', sdp };
      this.pendingOffer = sdp;
      this.signalingState = 'have-local-offer';
    } else if (this.signalingState === 'have-remote-offer') {
      const offer = this.remoteDescription?.sdp ?? '';
      const sdp = `${this.name}-answer-to-${offer}`;
      this.localDescription = { type: 'answer', sdp };
      this.completed.push(`${offer}|${sdp}`);
      this.signalingState = 'stable';
    } else {
      throw new Error(`InvalidStateError: setLocalDescription in ${this.signalingState}`);
    }
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.remoteSets++;
    await tick();
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') {
        this.rollbacks++; // implicit rollback of our own offer
        this.pendingOffer = null;
      } else if (this.signalingState !== 'stable') {
        throw new Error(`InvalidStateError: offer in ${this.signalingState}`);
      }
      this.remoteDescription = description;
      this.signalingState = 'have-remote-offer';
    } else if (description.type === 'answer') {
      if (this.signalingState !== 'have-local-offer') {
        throw new Error(`InvalidStateError: answer in ${this.signalingState}`);
      }
      this.remoteDescription = description;
      this.completed.push(`${this.pendingOffer}|${description.sdp}`);
      this.pendingOffer = null;
      this.signalingState = 'stable';
    }
  }

  async addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void> {
    await tick();
    if (!this.remoteDescription) throw new Error('InvalidStateError: no remote description');
    this.candidates.push(candidate ?? undefined);
  }

  createDataChannel(): FakeDataChannel {
    const dc = new FakeDataChannel();
    this.channels.push(dc);
    if (this.autoNegotiate) setTimeout(() => this.onnegotiationneeded?.(new Event('negotiationneeded')), 0);
    return dc;
  }

  restartIce(): void {
    this.restarts++;
    setTimeout(() => this.onnegotiationneeded?.(new Event('negotiationneeded')), 0);
  }

  setConfiguration(config: RTCConfiguration): void {
    this.config = config;
  }

  async getStats(): Promise<RTCStatsReport> {
    return new Map() as unknown as RTCStatsReport;
  }

  close(): void {
    this.closed = true;
    this.signalingState = 'closed';
  }
}
