import { describe, expect, it } from 'vitest';
import { FakePc } from './fakePc.testutil';
import { decideOnDescription, isPolite, Negotiator } from './negotiation';

describe('who is polite', () => {
  it('is decided from the peer ids alone, and exactly one side is polite', () => {
    const pairs: Array<[string, string]> = [['a', 'b'], ['peer-9', 'peer-10'], ['Z', 'a'], ['x1', 'x10']];
    for (const [p, q] of pairs) {
      expect(isPolite(p, q)).not.toBe(isPolite(q, p));
      expect(isPolite(p, q)).toBe(isPolite(p, q));
    }
    expect(isPolite('a', 'b')).toBe(true);
    expect(isPolite('b', 'a')).toBe(false);
  });
});

describe('decideOnDescription', () => {
  const base = { polite: false, makingOffer: false, signalingState: 'stable' as RTCSignalingState, isSettingRemoteAnswerPending: false };

  it('accepts an offer when stable', () => {
    expect(decideOnDescription({ ...base, type: 'offer' })).toEqual({ collision: false, ignore: false });
  });
  it('impolite ignores a colliding offer (we are making one)', () => {
    expect(decideOnDescription({ ...base, type: 'offer', makingOffer: true })).toEqual({ collision: true, ignore: true });
  });
  it('impolite ignores an offer while it has a local offer out', () => {
    expect(decideOnDescription({ ...base, type: 'offer', signalingState: 'have-local-offer' })).toEqual({ collision: true, ignore: true });
  });
  it('polite accepts a colliding offer (it will roll back)', () => {
    expect(decideOnDescription({ ...base, polite: true, type: 'offer', makingOffer: true })).toEqual({ collision: true, ignore: false });
  });
  it('an offer right after an answer we are still applying is not a collision', () => {
    expect(decideOnDescription({ ...base, type: 'offer', signalingState: 'have-local-offer', isSettingRemoteAnswerPending: true }))
      .toEqual({ collision: false, ignore: false });
  });
  it('answers are never collisions', () => {
    expect(decideOnDescription({ ...base, type: 'answer', makingOffer: true, signalingState: 'have-local-offer' }))
      .toEqual({ collision: false, ignore: false });
  });
});

/** Two negotiators joined by a signaling channel whose delivery order we control. */
function pair(seed: number) {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pcA = new FakePc('A', {}, false);
  const pcB = new FakePc('B', {}, false);
  const queues: Record<'toA' | 'toB', RTCSessionDescriptionInit[]> = { toA: [], toB: [] };
  const a = new Negotiator(pcA, isPolite('A', 'B'), (d) => queues.toB.push(d), (e) => { throw e; });
  const b = new Negotiator(pcB, isPolite('B', 'A'), (d) => queues.toA.push(d), (e) => { throw e; });
  const wait = () => new Promise((r) => setTimeout(r, 0));
  /** Delivers queued messages, FIFO per direction, interleaving directions at random. */
  async function drain(): Promise<void> {
    for (let guard = 0; guard < 200; guard++) {
      await wait();
      await wait();
      const ready = (['toA', 'toB'] as const).filter((k) => queues[k].length);
      if (!ready.length) {
        await wait();
        if (!queues.toA.length && !queues.toB.length) return;
        continue;
      }
      const dir = ready[Math.floor(random() * ready.length)];
      const msg = queues[dir].shift()!;
      await (dir === 'toA' ? a : b).receiveDescription(msg);
    }
    throw new Error('signaling never settled');
  }
  return { pcA, pcB, a, b, drain };
}

describe('perfect negotiation', () => {
  it('a single offer completes', async () => {
    const { pcA, pcB, a, drain } = pair(1);
    await a.negotiationNeeded();
    await drain();
    expect(pcA.signalingState).toBe('stable');
    expect(pcB.signalingState).toBe('stable');
    expect(pcA.completed).toEqual(['A-offer-1|B-answer-to-A-offer-1']);
    expect(pcB.completed).toEqual(pcA.completed);
  });

  it('glare: simultaneous offers resolve, the impolite offer wins', async () => {
    const { pcA, pcB, a, b, drain } = pair(7);
    // A ('A' < 'B') is polite, B is impolite.
    expect(a.polite).toBe(true);
    expect(b.polite).toBe(false);
    await Promise.all([a.negotiationNeeded(), b.negotiationNeeded()]);
    expect(pcA.signalingState).toBe('have-local-offer');
    expect(pcB.signalingState).toBe('have-local-offer');
    await drain();
    expect(pcA.signalingState).toBe('stable');
    expect(pcB.signalingState).toBe('stable');
    expect(pcA.rollbacks).toBe(1); // the polite side gave way
    expect(pcB.rollbacks).toBe(0);
    // The impolite side ignored A's offer: the only remote description it applied is A's answer.
    expect(pcB.remoteSets).toBe(1);
    expect(pcB.remoteDescription?.type).toBe('answer');
    expect(pcB.completed).toEqual(['B-offer-1|A-answer-to-B-offer-1']);
    expect(pcA.completed).toEqual(pcB.completed);
  });

  it('never deadlocks, whatever the delivery interleaving', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const { pcA, pcB, a, b, drain } = pair(seed);
      const starts = [a.negotiationNeeded(), b.negotiationNeeded()];
      if (seed % 2) starts.push((async () => { await new Promise((r) => setTimeout(r, 0)); await a.negotiationNeeded(); })());
      await Promise.all(starts);
      await drain();
      expect(pcA.signalingState).toBe('stable');
      expect(pcB.signalingState).toBe('stable');
      // Both sides agree on the last completed exchange.
      expect(pcA.completed.at(-1)).toBe(pcB.completed.at(-1));
    }
  });

  it('drops candidates that belong to an ignored offer without reporting an error', async () => {
    const errors: unknown[] = [];
    const pc = new FakePc('B', {}, false);
    const b = new Negotiator(pc, false, () => undefined, (e) => errors.push(e));
    await b.negotiationNeeded();
    await b.receiveDescription({ type: 'offer', sdp: 'A-offer-1' });
    expect(b.ignoreOffer).toBe(true);
    await b.receiveCandidate({ candidate: 'candidate:1 1 udp 1 1.2.3.4 5 typ host', sdpMid: '0' });
    expect(errors).toEqual([]);
  });
});
