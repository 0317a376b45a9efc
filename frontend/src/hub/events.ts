// Server → client events on /hubs/signaling (docs/API.md).
import type { Peer } from '../api/types';

export type SignalKind = 'offer' | 'answer' | 'candidate' | 'restart';

export interface SignalEvent {
  roomId: string;
  fromPeer: string;
  kind: SignalKind;
  payload: unknown;
  id: string;
}

export interface HubEvents {
  PeerJoined: { roomId: string; peer: Peer };
  PeerLeft: { roomId: string; peerId: string };
  Signal: SignalEvent;
  Typing: { roomId: string; peerId: string; name: string };
  MatchFound: { roomId: string; peerName: string };
  NoMatch: { reason?: string };
  RoomExpiring: { roomId: string; secondsLeft: number };
  RoomDestroyed: { roomId: string; reason: 'expired' | 'destroyed' | string };
  DispatchPosted: { roomId: string; dispatchId: string; seq: number; senderId: string };
  MemberJoined: { roomId: string; member: { id: string; name: string } };
  MemberLeft: { roomId: string; memberId: string };
}

export type HubEventName = keyof HubEvents;

export const HUB_EVENT_NAMES: HubEventName[] = [
  'PeerJoined', 'PeerLeft', 'Signal', 'Typing', 'MatchFound', 'NoMatch',
  'RoomExpiring', 'RoomDestroyed', 'DispatchPosted', 'MemberJoined', 'MemberLeft',
];

export interface EnterRoomResult {
  roomId: string;
  peerId: string;
  peers: Peer[];
}
