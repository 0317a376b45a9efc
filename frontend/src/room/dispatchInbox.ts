// Every dispatch can reach us twice: over a data channel and from the server's
// history. The inbox keeps the first arrival (and remembers its path), drops
// the other, holds envelopes it cannot open until the room key arrives, and
// decides "mine" by the authenticated sender id, never by a name.
import { decryptDispatch, type DispatchPlain, type SealedDispatch } from '../lib/crypto';

export type Via = 'channel' | 'history' | 'self';
export type SendStatus = 'sending' | 'sent' | 'failed';

export interface IncomingEnvelope extends SealedDispatch {
  id: string;
  senderId: string;
}

export interface DispatchView {
  id: string;
  senderId: string;
  body: string;
  sentAt: string;
  via: Via;
  /** Only for my own messages sent from this tab. */
  status?: SendStatus;
}

export type ReceiveResult = 'added' | 'duplicate' | 'pending' | 'rejected';

interface Held {
  env: IncomingEnvelope;
  via: Via;
}

export class DispatchInbox {
  private readonly roomId: string;
  private readonly selfUserId: string;
  private key: CryptoKey | null = null;
  private readonly entries = new Map<string, DispatchView>();
  /** Arrived before we had a key. */
  private readonly waiting = new Map<string, Held>();
  /** Ids being decrypted right now → a second copy kept in case the first fails. */
  private readonly inFlight = new Map<string, Held | null>();
  private sorted: DispatchView[] = [];
  private readonly onChange: () => void;

  constructor(roomId: string, selfUserId: string, onChange: () => void = () => undefined) {
    this.roomId = roomId;
    this.selfUserId = selfUserId;
    this.onChange = onChange;
  }

  get hasKey(): boolean {
    return this.key !== null;
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  has(id: string): boolean {
    return this.entries.has(id) || this.waiting.has(id) || this.inFlight.has(id);
  }

  list(): readonly DispatchView[] {
    return this.sorted;
  }

  async receive(env: IncomingEnvelope, via: Exclude<Via, 'self'>): Promise<ReceiveResult> {
    const existing = this.entries.get(env.id);
    if (existing) {
      // History carries the server-authenticated sender: trust it over a channel's attribution.
      if (via === 'history' && existing.via === 'channel' && existing.senderId !== env.senderId) {
        this.put({ ...existing, senderId: env.senderId });
      }
      return 'duplicate';
    }
    if (this.inFlight.has(env.id)) {
      if (this.inFlight.get(env.id) === null) this.inFlight.set(env.id, { env, via });
      return 'duplicate';
    }
    if (this.waiting.has(env.id)) return 'duplicate';
    if (!this.key) {
      this.waiting.set(env.id, { env, via });
      this.onChange();
      return 'pending';
    }
    return this.open({ env, via }, this.key);
  }

  /** Adopts the room key and opens everything that was waiting for it. */
  async setKey(key: CryptoKey): Promise<number> {
    this.key = key;
    const held = [...this.waiting.values()];
    this.waiting.clear();
    let added = 0;
    for (const h of held) if ((await this.open(h, key)) === 'added') added++;
    this.onChange();
    return added;
  }

  /** My own message, shown at once with a sending status. */
  addOwn(plain: DispatchPlain): void {
    this.put({ id: plain.id, senderId: this.selfUserId, body: plain.body, sentAt: plain.sentAt, via: 'self', status: 'sending' });
  }

  setStatus(id: string, status: SendStatus): void {
    const e = this.entries.get(id);
    if (e && e.status !== status) this.put({ ...e, status });
  }

  private async open(held: Held, key: CryptoKey): Promise<ReceiveResult> {
    const { env } = held;
    this.inFlight.set(env.id, null);
    let plain: DispatchPlain | null = null;
    try {
      plain = await decryptDispatch(key, this.roomId, env);
      // The id inside the ciphertext must match the outer one, or a copy could be replayed under a new id.
      if (plain.id !== env.id) plain = null;
    } catch {
      plain = null;
    }
    const backup = this.inFlight.get(env.id) ?? null;
    this.inFlight.delete(env.id);
    if (!plain) {
      return backup ? this.open(backup, key) : 'rejected';
    }
    const mine = env.senderId === this.selfUserId;
    this.put({
      id: env.id,
      senderId: env.senderId,
      body: plain.body,
      sentAt: plain.sentAt,
      via: mine ? 'self' : held.via,
      status: undefined,
    });
    return 'added';
  }

  private put(view: DispatchView): void {
    this.entries.set(view.id, view);
    this.sorted = [...this.entries.values()].sort(compareDispatches);
    this.onChange();
  }
}

function timeOf(d: DispatchView): number {
  const t = Date.parse(d.sentAt);
  return Number.isNaN(t) ? 0 : t;
}

export function compareDispatches(a: DispatchView, b: DispatchView): number {
  return timeOf(a) - timeOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
