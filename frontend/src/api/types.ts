// Shapes from docs/API.md (camelCase JSON).

export interface User {
  id: string;
  name: string;
}

export interface Session {
  user: User;
  /** Only present on create and restore. */
  token?: string;
  remember: boolean;
  expiresAt: string;
}

export type SearchStateName = 'idle' | 'searching' | 'matched' | 'timed-out';

export interface SearchState {
  state: SearchStateName;
  since?: string;
  roomId?: string;
  interests?: string[];
}

export type RoomKind = 'enclave' | 'private';
export type Lifetime = '10m' | '1h' | '24h';

export interface Member {
  id: string;
  name: string;
  joinedAt: string;
}

export interface Room {
  id: string;
  kind: RoomKind;
  capacity: number;
  creatorId: string;
  origin: 'match' | 'created';
  members: Member[];
  createdAt: string;
  lastActivityAt: string;
  expiresAt: string;
  secondsLeft: number;
  invite?: string | null;
}

export interface Envelope {
  id: string;
  seq: number;
  senderId: string;
  ciphertext: string;
  iv: string;
  postedAt: string;
}

export interface EnvelopePage {
  items: Envelope[];
  next?: number | string | null;
}

export interface IceServer {
  urls: string[] | string;
  username?: string;
  credential?: string;
}

export interface IceServers {
  iceServers: IceServer[];
  expiresAt: string;
}

export interface ServiceStatus {
  name: string;
  status: string;
}

export interface SystemStatus {
  status: 'healthy' | 'degraded' | string;
  services: ServiceStatus[];
}

/** A connected browser tab in a room (hub view). */
export interface Peer {
  peerId: string;
  userId: string;
  name: string;
}
