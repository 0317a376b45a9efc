// Typing indicators: send at most once per interval, show others for a few seconds.

/** Returns a gate that answers true at most once per `intervalMs`. */
export function createThrottle(intervalMs: number): (nowMs: number) => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return (nowMs: number) => {
    if (nowMs - last < intervalMs) return false;
    last = nowMs;
    return true;
  };
}

export class TypingTracker {
  private readonly until = new Map<string, { name: string; until: number }>();
  private readonly showMs: number;

  constructor(showMs = 3500) {
    this.showMs = showMs;
  }

  mark(peerId: string, name: string, nowMs: number): void {
    this.until.set(peerId, { name, until: nowMs + this.showMs });
  }

  clear(peerId: string): void {
    this.until.delete(peerId);
  }

  /** Names typing right now (distinct, stable order); drops expired entries. */
  active(nowMs: number): string[] {
    const names: string[] = [];
    for (const [peerId, v] of this.until) {
      if (v.until <= nowMs) this.until.delete(peerId);
      else if (!names.includes(v.name)) names.push(v.name);
    }
    return names;
  }

  /** When the next entry expires, to schedule a refresh; null when nobody types. */
  nextExpiry(): number | null {
    let min: number | null = null;
    for (const v of this.until.values()) if (min === null || v.until < min) min = v.until;
    return min;
  }
}

export function describeTyping(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}
