// Everything that happens while a room is open, outside React: presence from
// the hub, the WebRTC mesh, the room key, and the dispatch stream from both
// paths (data channels and server history). The Room screen renders its
// snapshots and calls its actions.
import { matchApi, roomsApi, signalingApi } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { Envelope, Peer, Room, User } from '../api/types';
import type { EnterRoomResult, HubEventName, HubEvents, SignalEvent, SignalKind } from '../hub/events';
import { backoffDelay } from '../hub/backoff';
import { encryptDispatch, exportRoomKey, importRoomKey, type DispatchPlain, type SealedDispatch } from '../lib/crypto';
import { describeError } from '../lib/errors';
import { newId } from '../lib/ids';
import { forcedIceTransportPolicy, inviteStore, roomKeyStore } from '../lib/storage';
import type { LinkKind } from '../rtc/linkStats';
import { Mesh } from '../rtc/mesh';
import { DispatchInbox, type DispatchView } from './dispatchInbox';
import { encodeChannelMessage, parseChannelMessage } from './protocol';
import { loadRoomKey, mintRoomKey, shouldMintKey } from './roomKey';
import { createThrottle, TypingTracker } from './typing';

export const MAX_BODY_CHARS = 4000;
/** The server refuses ciphertexts over 16 KiB. */
const MAX_CIPHERTEXT_CHARS = 16 * 1024;

/** The hub operations a room needs (HubClient implements them). */
export interface RoomHub {
  on<K extends HubEventName>(name: K, handler: (event: HubEvents[K]) => void): () => void;
  onReconnected(listener: () => void): () => void;
  enterRoom(roomId: string): Promise<EnterRoomResult>;
  leaveRoom(roomId: string): Promise<void>;
  signal(roomId: string, toPeer: string, kind: SignalKind, payload: unknown, id: string): Promise<void>;
  typing(roomId: string): Promise<void>;
}

export type GoneReason = 'expired' | 'destroyed' | 'missing' | 'left' | 'removed' | 'skipped' | 'blocked';

export interface PeerView extends Peer {
  link: LinkKind;
}

export interface RoomSnapshot {
  phase: 'loading' | 'ready' | 'error';
  /** Fatal: the room could not be loaded. */
  error: string | null;
  /** Non-fatal trouble worth showing (e.g. could not enter the live room). */
  warning: string | null;
  room: Room | null;
  /** Local clock time (ms) at which the room ends. */
  deadline: number | null;
  selfPeerId: string | null;
  peers: PeerView[];
  dispatches: readonly DispatchView[];
  hasKey: boolean;
  waitingForKey: number;
  typing: string[];
  expiringSeconds: number | null;
  invite: string | null;
  live: boolean;
}

export interface RoomSessionOptions {
  roomId: string;
  me: User;
  hub: RoomHub;
  onGone: (reason: GoneReason, detail?: string) => void;
}

export class RoomSession {
  private readonly roomId: string;
  private readonly me: User;
  private readonly hub: RoomHub;
  private readonly onGone: RoomSessionOptions['onGone'];
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribers: Array<() => void> = [];
  private readonly inbox: DispatchInbox;
  private readonly typingTracker = new TypingTracker();
  private readonly typingGate = createThrottle(2000);
  private readonly peers = new Map<string, PeerView>();
  private readonly keyAskers = new Set<string>();
  private readonly sealedOwn = new Map<string, SealedDispatch>();
  private earlySignals: SignalEvent[] = [];
  private mesh: Mesh | null = null;
  private key: CryptoKey | null = null;
  private encodedKey: string | null = null;
  private room: Room | null = null;
  private deadline: number | null = null;
  private selfPeerId: string | null = null;
  private lastSeq = 0;
  private historyRunning = false;
  private historyAgain = false;
  private iceServers: RTCIceServer[] = [];
  private phase: RoomSnapshot['phase'] = 'loading';
  private error: string | null = null;
  private warning: string | null = null;
  private expiringSeconds: number | null = null;
  private invite: string | null = null;
  private live = false;
  private disposed = false;
  private gone = false;
  /** Set while our own Leave/Skip/Block/Destroy runs, so its echo events do not end us with the wrong notice. */
  private exiting = false;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private snapshot: RoomSnapshot;

  constructor(opts: RoomSessionOptions) {
    this.roomId = opts.roomId;
    this.me = opts.me;
    this.hub = opts.hub;
    this.onGone = opts.onGone;
    this.inbox = new DispatchInbox(opts.roomId, opts.me.id, () => this.emit());
    this.snapshot = this.buildSnapshot();
  }

  // ---- React binding -------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RoomSnapshot => this.snapshot;

  private emit(): void {
    if (this.disposed) return;
    this.snapshot = this.buildSnapshot();
    this.listeners.forEach((l) => l());
  }

  private buildSnapshot(): RoomSnapshot {
    return {
      phase: this.phase,
      error: this.error,
      warning: this.warning,
      room: this.room,
      deadline: this.deadline,
      selfPeerId: this.selfPeerId,
      peers: [...this.peers.values()],
      dispatches: this.inbox.list(),
      hasKey: this.key !== null,
      waitingForKey: this.inbox.waitingCount,
      typing: this.typingTracker.active(Date.now()),
      expiringSeconds: this.expiringSeconds,
      invite: this.invite,
      live: this.live,
    };
  }

  // ---- lifecycle -----------------------------------------------------------

  async start(): Promise<void> {
    this.listen();
    let room: Room;
    try {
      [room] = await Promise.all([roomsApi.get(this.roomId), this.loadIceServers()]);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        this.end(goneReasonFromProblem(e), e.detail);
      } else if (!this.disposed) {
        this.phase = 'error';
        this.error = describeError(e);
        this.emit();
      }
      return;
    }
    if (this.disposed) return;
    this.applyRoom(room);
    this.invite = room.invite ?? inviteStore.get(this.roomId);
    if (room.invite) inviteStore.set(this.roomId, room.invite);
    this.phase = 'ready';
    this.emit();

    await this.initKey(room);
    await Promise.all([this.enter(), this.fetchHistory()]);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.unsubscribers.forEach((u) => u());
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.mesh?.close();
    this.mesh = null;
    // Going offline in this room; membership stays until Leave.
    if (!this.gone) void this.hub.leaveRoom(this.roomId).catch(() => undefined);
    this.listeners.clear();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.disposed) fn();
    }, ms);
    this.timers.add(t);
  }

  private end(reason: GoneReason, detail?: string): void {
    if (this.gone) return;
    this.gone = true;
    if (reason !== 'removed') {
      roomKeyStore.clear(this.roomId);
      inviteStore.clear(this.roomId);
    }
    this.dispose();
    this.onGone(reason, detail);
  }

  private applyRoom(room: Room): void {
    this.room = room;
    // secondsLeft is relative, so it is immune to a skewed local clock.
    this.deadline = Number.isFinite(room.secondsLeft)
      ? Date.now() + room.secondsLeft * 1000
      : Date.parse(room.expiresAt);
    this.scheduleExpiryCheck();
  }

  private expiryTimer: ReturnType<typeof setTimeout> | null = null;

  /** Backstop for a missed RoomDestroyed: shortly after the deadline, ask the server. */
  private scheduleExpiryCheck(): void {
    if (this.expiryTimer) {
      clearTimeout(this.expiryTimer);
      this.timers.delete(this.expiryTimer);
    }
    if (this.deadline === null || Number.isNaN(this.deadline)) return;
    // setTimeout overflows past ~24.8 days; rooms live at most a day.
    const wait = Math.min(Math.max(0, this.deadline - Date.now()) + 3000, 2 ** 31 - 1);
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.disposed) void this.refreshRoom();
    }, wait);
    this.expiryTimer = t;
    this.timers.add(t);
  }

  private async refreshRoom(): Promise<void> {
    try {
      const room = await roomsApi.get(this.roomId);
      if (this.disposed) return;
      this.applyRoom(room);
      if (room.invite) this.invite = room.invite;
      this.emit();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        const expired = this.deadline !== null && Date.now() >= this.deadline;
        this.end(expired ? 'expired' : goneReasonFromProblem(e), e.detail);
      } else if (!this.disposed) {
        this.later(10_000, () => void this.refreshRoom());
      }
    }
  }

  // ---- hub -----------------------------------------------------------------

  private listen(): void {
    const mine = <K extends HubEventName>(name: K, fn: (e: HubEvents[K]) => void) => {
      this.unsubscribers.push(
        this.hub.on(name, (e) => {
          const roomId = (e as { roomId?: string }).roomId;
          if (roomId === this.roomId && !this.disposed) fn(e);
        }),
      );
    };
    mine('PeerJoined', (e) => this.addPeer(e.peer));
    mine('PeerLeft', (e) => {
      this.peers.delete(e.peerId);
      this.keyAskers.delete(e.peerId);
      this.typingTracker.clear(e.peerId);
      this.mesh?.removePeer(e.peerId);
      this.emit();
    });
    mine('Signal', (e) => {
      if (this.mesh) this.mesh.handleSignal(e);
      else if (this.earlySignals.length < 500) this.earlySignals.push(e);
    });
    mine('Typing', (e) => {
      if (e.peerId === this.selfPeerId) return;
      this.typingTracker.mark(e.peerId, e.name, Date.now());
      this.emit();
      this.later(3600, () => this.emit()); // let the indicator fade
    });
    mine('RoomExpiring', (e) => {
      this.expiringSeconds = e.secondsLeft;
      this.deadline = Date.now() + e.secondsLeft * 1000;
      this.scheduleExpiryCheck();
      this.emit();
    });
    mine('RoomDestroyed', (e) => {
      if (!this.exiting) this.end(e.reason === 'expired' ? 'expired' : 'destroyed');
    });
    mine('DispatchPosted', (e) => {
      // Already have it (via a channel) and nothing is missing in between: just advance.
      if (this.inbox.has(e.dispatchId) && e.seq === this.lastSeq + 1) this.lastSeq = e.seq;
      else if (e.seq > this.lastSeq) void this.fetchHistory();
    });
    mine('MemberJoined', (e) => {
      if (!this.room || this.room.members.some((m) => m.id === e.member.id)) return;
      this.room = {
        ...this.room,
        members: [...this.room.members, { ...e.member, joinedAt: new Date().toISOString() }],
      };
      this.emit();
    });
    mine('MemberLeft', (e) => {
      if (e.memberId === this.me.id) {
        if (!this.exiting) this.end('removed');
        return;
      }
      if (!this.room) return;
      this.room = { ...this.room, members: this.room.members.filter((m) => m.id !== e.memberId) };
      this.emit();
    });
    this.unsubscribers.push(
      this.hub.onReconnected(() => {
        // The server forgot this connection's rooms and peer id: enter again and catch up.
        void this.refreshRoom();
        void this.enter();
        void this.fetchHistory();
      }),
    );
  }

  private enterAttempt = 0;
  private enterSeq = 0;
  private enterRetry: ReturnType<typeof setTimeout> | null = null;

  private async enter(): Promise<void> {
    // Only the latest attempt may build the mesh (a reconnect can overlap a retry).
    const seq = ++this.enterSeq;
    if (this.enterRetry) {
      clearTimeout(this.enterRetry);
      this.timers.delete(this.enterRetry);
      this.enterRetry = null;
    }
    let result: EnterRoomResult;
    try {
      result = await this.hub.enterRoom(this.roomId);
    } catch (e) {
      if (this.disposed || seq !== this.enterSeq) return;
      this.live = false;
      this.warning = `Live connection unavailable: ${describeError(e)}`;
      this.emit();
      // Retry: the error may be transient (a reconnect in progress, a restart).
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.enterRetry = null;
        if (!this.disposed) void this.enter();
      }, backoffDelay(this.enterAttempt++));
      this.enterRetry = t;
      this.timers.add(t);
      return;
    }
    if (seq !== this.enterSeq) return;
    if (this.disposed) return;
    this.enterAttempt = 0;
    this.warning = null;
    this.live = true;
    this.mesh?.close();
    this.peers.clear();
    this.keyAskers.clear();
    this.selfPeerId = result.peerId;
    this.mesh = new Mesh({
      selfPeerId: result.peerId,
      config: () => this.rtcConfig(),
      sendSignal: (toPeer, kind, payload, id) => this.hub.signal(this.roomId, toPeer, kind, payload, id),
      onLinkChange: (peerId, link) => {
        const p = this.peers.get(peerId);
        if (p && p.link !== link) {
          this.peers.set(peerId, { ...p, link });
          this.emit();
        }
      },
      onOpen: (peerId) => this.channelOpened(peerId),
      onMessage: (peerId, text) => void this.channelMessage(peerId, text),
    });
    for (const peer of result.peers) this.addPeer(peer);
    const early = this.earlySignals;
    this.earlySignals = [];
    early.forEach((s) => this.mesh?.handleSignal(s));
    this.emit();
  }

  private addPeer(peer: Peer): void {
    if (peer.peerId === this.selfPeerId) return;
    this.peers.set(peer.peerId, { ...peer, link: 'connecting' });
    this.mesh?.addPeer(peer);
    this.emit();
  }

  // ---- WebRTC --------------------------------------------------------------

  private rtcConfig(): RTCConfiguration {
    return {
      iceServers: this.iceServers,
      iceTransportPolicy: forcedIceTransportPolicy() ?? 'all',
    };
  }

  private async loadIceServers(): Promise<void> {
    try {
      const res = await signalingApi.iceServers();
      this.iceServers = res.iceServers.map((s) => ({
        urls: s.urls,
        ...(s.username ? { username: s.username } : {}),
        ...(s.credential ? { credential: s.credential } : {}),
      }));
      this.mesh?.updateConfiguration(this.rtcConfig());
      // TURN credentials expire: fetch new ones a minute before.
      const expires = Date.parse(res.expiresAt);
      const wait = Number.isNaN(expires) ? 10 * 60_000 : Math.max(30_000, expires - Date.now() - 60_000);
      this.later(Math.min(wait, 2 ** 31 - 1), () => void this.loadIceServers());
    } catch {
      // Without ICE servers only host candidates work; try again soon.
      this.later(30_000, () => void this.loadIceServers());
    }
  }

  private channelOpened(peerId: string): void {
    if (!this.key) this.mesh?.send(peerId, encodeChannelMessage({ t: 'key?' }));
  }

  private async channelMessage(peerId: string, text: string): Promise<void> {
    const msg = parseChannelMessage(text);
    if (!msg) return;
    if (msg.t === 'dispatch') {
      // The sender is whoever the hub says owns this peer connection, not a claim in the message.
      const sender = this.peers.get(peerId);
      if (!sender) return;
      await this.inbox.receive({ id: msg.id, senderId: sender.userId, ciphertext: msg.ciphertext, iv: msg.iv }, 'channel');
    } else if (msg.t === 'key?') {
      if (this.encodedKey) this.mesh?.send(peerId, encodeChannelMessage({ t: 'key', key: this.encodedKey }));
      else this.keyAskers.add(peerId);
    } else if (msg.t === 'key') {
      if (this.key) return; // first key wins; never swap keys under existing messages
      try {
        const key = await importRoomKey(msg.key);
        await this.adoptKey(key, msg.key);
      } catch {
        // Not a valid AES-256 key: ignore it and keep waiting.
      }
    }
  }

  // ---- key -----------------------------------------------------------------

  private async initKey(room: Room): Promise<void> {
    const stored = await loadRoomKey(this.roomId);
    if (stored) {
      await this.adoptKey(stored, await exportRoomKey(stored));
    } else if (shouldMintKey(room, this.me.id, await this.historyIsEmpty())) {
      const { key, encoded } = await mintRoomKey(this.roomId);
      await this.adoptKey(key, encoded);
    }
  }

  private async historyIsEmpty(): Promise<boolean> {
    try {
      return (await roomsApi.dispatches(this.roomId, 0, 1)).items.length === 0;
    } catch {
      return false; // unsure: wait for a peer's key rather than risk a second one
    }
  }

  private async adoptKey(key: CryptoKey, encoded: string): Promise<void> {
    if (this.disposed) return;
    this.key = key;
    this.encodedKey = encoded;
    roomKeyStore.set(this.roomId, encoded);
    // Anyone who asked before we had it gets it now.
    for (const peerId of this.keyAskers) this.mesh?.send(peerId, encodeChannelMessage({ t: 'key', key: encoded }));
    this.keyAskers.clear();
    await this.inbox.setKey(key);
    this.emit();
  }

  // ---- dispatches ----------------------------------------------------------

  private async fetchHistory(): Promise<void> {
    if (this.historyRunning) {
      this.historyAgain = true;
      return;
    }
    this.historyRunning = true;
    try {
      do {
        this.historyAgain = false;
        for (let page = 0; page < 1000 && !this.disposed; page++) {
          const res = await roomsApi.dispatches(this.roomId, this.lastSeq, 100);
          for (const env of res.items) await this.ingestHistory(env);
          if (res.items.length === 0 || res.next === null || res.next === undefined) break;
        }
      } while (this.historyAgain && !this.disposed);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        void this.refreshRoom();
      } else if (!this.disposed) {
        this.later(5000, () => void this.fetchHistory());
      }
    } finally {
      this.historyRunning = false;
    }
  }

  private async ingestHistory(env: Envelope): Promise<void> {
    if (env.seq > this.lastSeq) this.lastSeq = env.seq;
    await this.inbox.receive(
      { id: env.id, senderId: env.senderId, ciphertext: env.ciphertext, iv: env.iv },
      'history',
    );
  }

  /** Encrypts once, sends over every open channel and posts to the server for history. */
  async send(body: string): Promise<void> {
    if (!this.key) throw new Error('Waiting for a member to share the room key.');
    if (body.trim().length === 0) throw new Error('Write something first.');
    if (body.length > MAX_BODY_CHARS) throw new Error(`A message can have at most ${MAX_BODY_CHARS} characters.`);
    const plain: DispatchPlain = { id: newId(), sentAt: new Date().toISOString(), body };
    const sealed = await encryptDispatch(this.key, this.roomId, plain);
    if (sealed.ciphertext.length > MAX_CIPHERTEXT_CHARS) {
      throw new Error('This message is too large once encrypted. Please shorten it.');
    }
    this.sealedOwn.set(plain.id, sealed);
    this.inbox.addOwn(plain);
    this.mesh?.broadcast(encodeChannelMessage({ t: 'dispatch', id: plain.id, ...sealed }));
    await this.post(plain.id, sealed);
  }

  /** Retries a message whose post failed (peers drop the copy if they already have it). */
  async retry(id: string): Promise<void> {
    const sealed = this.sealedOwn.get(id);
    if (!sealed) return;
    this.inbox.setStatus(id, 'sending');
    this.mesh?.broadcast(encodeChannelMessage({ t: 'dispatch', id, ...sealed }));
    await this.post(id, sealed);
  }

  private async post(id: string, sealed: SealedDispatch): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await roomsApi.postDispatch(this.roomId, { id, ...sealed });
        this.inbox.setStatus(id, 'sent');
        return;
      } catch (e) {
        const transient = e instanceof ApiError && (e.status === 0 || e.status === 429 || e.status >= 500);
        if (!transient || attempt >= 3 || this.disposed) {
          this.inbox.setStatus(id, 'failed');
          if (e instanceof ApiError && e.status === 404) void this.refreshRoom();
          throw e;
        }
        const wait = e instanceof ApiError && e.retryAfterSeconds ? e.retryAfterSeconds * 1000 : backoffDelay(attempt);
        await new Promise((r) => setTimeout(r, Math.min(wait, 15_000)));
      }
    }
  }

  /** Call on every keystroke; the hub hears about it at most every 2 s. */
  typing(): void {
    if (this.live && this.typingGate(Date.now())) void this.hub.typing(this.roomId).catch(() => undefined);
  }

  dismissExpiring(): void {
    this.expiringSeconds = null;
    this.emit();
  }

  // ---- leaving -------------------------------------------------------------

  leave(): Promise<void> {
    return this.exit('left', async () => {
      await this.hub.leaveRoom(this.roomId).catch(() => undefined);
      await roomsApi.leave(this.roomId);
    });
  }

  destroy(): Promise<void> {
    return this.exit('destroyed', () => roomsApi.destroy(this.roomId));
  }

  /** Leaves a matched room and searches again. */
  skip(): Promise<void> {
    return this.exit('skipped', async () => {
      await matchApi.skip(this.roomId);
    });
  }

  /** Leaves a matched room and never meets that person again. */
  block(): Promise<void> {
    return this.exit('blocked', () => matchApi.block(this.roomId));
  }

  private async exit(reason: GoneReason, action: () => Promise<void>): Promise<void> {
    this.exiting = true;
    try {
      await action();
    } catch (e) {
      this.exiting = false;
      throw e;
    }
    this.end(reason);
  }
}

function goneReasonFromProblem(e: ApiError): GoneReason {
  const slug = e.slug ?? '';
  if (slug.includes('expired')) return 'expired';
  if (slug.includes('destroyed')) return 'destroyed';
  return 'missing';
}

export function goneNotice(reason: GoneReason): string {
  switch (reason) {
    case 'expired':
      return 'The room expired';
    case 'destroyed':
      return 'The room was destroyed';
    case 'missing':
      return 'The room was destroyed or has expired';
    case 'left':
      return 'You left the room';
    case 'removed':
      return 'You are no longer a member of that room';
    case 'skipped':
      return 'Skipped: looking for someone new';
    case 'blocked':
      return 'Blocked: you will not be matched with them again';
  }
}
