// Reconnect delays: exponential growth with full jitter, so a server restart
// does not get every client back at the same instant. Bounded by `capMs`.
import type { IRetryPolicy, RetryContext } from '@microsoft/signalr';

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** Never go below this, so a random 0 cannot turn into a tight loop. */
  floorMs?: number;
  random?: () => number;
}

export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 500, capMs = 15_000, floorMs = 250, random = Math.random } = options;
  const n = Math.max(0, Math.floor(attempt));
  // 2 ** n overflows to Infinity for large n; min() keeps it at the cap.
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(n, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(Math.min(capMs, Math.max(floorMs, r * ceiling)));
}

/** SignalR retry policy that never gives up (returning null would stop reconnecting). */
export function jitteredRetryPolicy(options: BackoffOptions = {}): IRetryPolicy {
  return {
    nextRetryDelayInMilliseconds(ctx: RetryContext): number {
      return backoffDelay(ctx.previousRetryCount, options);
    },
  };
}
