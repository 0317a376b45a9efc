// The parts of RTCPeerConnection / RTCDataChannel the mesh uses. Real browser
// objects satisfy these; tests pass small fakes.
import type { NegotiablePc } from './negotiation';

export interface DataChannelLike {
  readonly readyState: RTCDataChannelState;
  send(data: string): void;
  close(): void;
  onopen: ((ev: Event) => unknown) | null;
  onclose: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
}

export interface PeerConnectionLike extends NegotiablePc {
  readonly connectionState: RTCPeerConnectionState;
  readonly iceConnectionState: RTCIceConnectionState;
  createDataChannel(label: string, init?: RTCDataChannelInit): DataChannelLike;
  restartIce(): void;
  setConfiguration(config: RTCConfiguration): void;
  getStats(): Promise<RTCStatsReport>;
  close(): void;
  onnegotiationneeded: ((ev: Event) => unknown) | null;
  onicecandidate: ((ev: RTCPeerConnectionIceEvent) => unknown) | null;
  onconnectionstatechange: ((ev: Event) => unknown) | null;
  oniceconnectionstatechange: ((ev: Event) => unknown) | null;
  ondatachannel: ((ev: { channel: DataChannelLike }) => unknown) | null;
}

export type PcFactory = (config: RTCConfiguration) => PeerConnectionLike;

export const browserPcFactory: PcFactory = (config) =>
  new RTCPeerConnection(config) as unknown as PeerConnectionLike;
