// One function per REST route in docs/API.md.
import { request } from './http';
import type {
  EnvelopePage, Envelope, IceServers, Lifetime, Room, RoomKind, SearchState, Session, SystemStatus,
} from './types';

const enc = encodeURIComponent;

export const identityApi = {
  create: (name: string, remember: boolean) =>
    request<Session>('POST', '/api/identity/sessions', { body: { name, remember }, ignoreUnauthorized: true }),
  restore: (token: string) =>
    request<Session>('POST', '/api/identity/sessions/restore', { body: { token }, ignoreUnauthorized: true }),
  me: (options: { ignoreUnauthorized?: boolean } = {}) => request<Session>('GET', '/api/identity/me', options),
  rename: (name: string) => request<Session>('PATCH', '/api/identity/me', { body: { name } }),
  signOut: () => request<void>('POST', '/api/identity/signout', { ignoreUnauthorized: true }),
  deleteMe: () => request<void>('DELETE', '/api/identity/me'),
};

export const matchApi = {
  search: (interests: string[]) =>
    request<SearchState>('POST', '/api/match/search', { body: interests.length ? { interests } : {} }),
  state: () => request<SearchState>('GET', '/api/match/search'),
  cancel: () => request<void>('DELETE', '/api/match/search'),
  skip: (roomId: string) => request<SearchState>('POST', '/api/match/skip', { body: { roomId } }),
  block: (roomId: string) => request<void>('POST', '/api/match/block', { body: { roomId } }),
};

export const roomsApi = {
  create: (kind: RoomKind, lifetime: Lifetime, capacity?: number) =>
    request<Room>('POST', '/api/rooms', { body: capacity ? { kind, lifetime, capacity } : { kind, lifetime } }),
  list: () => request<Room[]>('GET', '/api/rooms'),
  get: (id: string) => request<Room>('GET', `/api/rooms/${enc(id)}`),
  join: (id: string, invite: string) => request<Room>('POST', `/api/rooms/${enc(id)}/join`, { body: { invite } }),
  leave: (id: string) => request<void>('POST', `/api/rooms/${enc(id)}/leave`),
  rotateInvite: (id: string) => request<{ invite: string }>('POST', `/api/rooms/${enc(id)}/invite/rotate`),
  destroy: (id: string) => request<void>('DELETE', `/api/rooms/${enc(id)}`),
  postDispatch: (id: string, body: { id: string; ciphertext: string; iv: string }) =>
    request<Envelope>('POST', `/api/rooms/${enc(id)}/dispatches`, { body }),
  dispatches: (id: string, after: number, limit = 100) =>
    request<EnvelopePage>('GET', `/api/rooms/${enc(id)}/dispatches?after=${after}&limit=${limit}`),
};

export const signalingApi = {
  iceServers: () => request<IceServers>('GET', '/api/signaling/ice-servers'),
};

export const statusApi = {
  get: () => request<SystemStatus>('GET', '/api/status', { ignoreUnauthorized: true }),
};
