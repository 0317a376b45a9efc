import { describe, expect, it } from 'vitest';
import { backoffDelay, jitteredRetryPolicy } from './backoff';

describe('reconnect backoff', () => {
  it('grows exponentially up to the cap when the jitter is at its top', () => {
    const top = () => 1;
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, { random: top }))).toEqual([
      500, 1000, 2000, 4000, 8000, 15000, 15000,
    ]);
  });

  it('never exceeds the 15 s cap, even for huge attempt counts', () => {
    for (const attempt of [10, 100, 1e6, Number.MAX_SAFE_INTEGER]) {
      expect(backoffDelay(attempt, { random: () => 0.999999 })).toBeLessThanOrEqual(15000);
    }
  });

  it('is randomized (full jitter) within [floor, ceiling]', () => {
    const delays = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(6);
      expect(d).toBeGreaterThanOrEqual(250);
      expect(d).toBeLessThanOrEqual(15000);
      delays.add(d);
    }
    expect(delays.size).toBeGreaterThan(50);
  });

  it('keeps a floor so a zero draw is not a tight loop', () => {
    expect(backoffDelay(3, { random: () => 0 })).toBe(250);
  });

  it('tolerates bad input', () => {
    expect(backoffDelay(-3, { random: () => 1 })).toBe(500);
    expect(backoffDelay(2, { random: () => 7 })).toBe(2000);
  });

  it('as a SignalR policy retries forever (never returns null)', () => {
    const policy = jitteredRetryPolicy({ random: () => 0.5 });
    for (const previousRetryCount of [0, 1, 5, 50, 5000]) {
      const d = policy.nextRetryDelayInMilliseconds({ previousRetryCount, elapsedMilliseconds: 1e9, retryReason: new Error('x') });
      expect(d).not.toBeNull();
      expect(d).toBeLessThanOrEqual(15000);
    }
  });
});
