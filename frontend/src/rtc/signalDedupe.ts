// Signals carry a client-made id; the hub may deliver one twice (reconnects,
// retries). Remember recent ids in a bounded FIFO so memory stays flat.

export class SeenIds {
  private readonly ids = new Set<string>();
  private readonly order: string[] = [];
  private readonly capacity: number;

  constructor(capacity = 2048) {
    this.capacity = capacity;
  }

  /** True the first time an id is seen, false for every repeat. */
  firstTime(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    this.order.push(id);
    if (this.order.length > this.capacity) {
      const evicted = this.order.shift();
      if (evicted !== undefined) this.ids.delete(evicted);
    }
    return true;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
