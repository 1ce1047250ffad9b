/**
 * Bookkeeping of the soak's message stream in bounded memory: every pushed id must be
 * delivered exactly once. An id delivered while still pending is fine; any other delivery
 * is a duplicate (if recently delivered) or unexpected. Ids can be delivered before the
 * push call returned (the platform in a worker thread), so early deliveries wait in `early`.
 */

/** Counts of the stream. */
export interface LedgerCounts {
  pushed: number;
  delivered: number;
  /** Pushed, never delivered (yet). */
  outstanding: number;
  /** Delivered again after a first delivery. */
  duplicates: number;
  /** Delivered, never pushed (or pushed so long ago that it left the recent window). */
  unexpected: number;
}

/** The message ledger. */
export class Ledger {
  private readonly pending = new Set<string>();
  private readonly early = new Set<string>();
  private readonly recent = new Set<string>();
  private readonly recentRing: (string | undefined)[];
  private head = 0;
  private counts = { pushed: 0, delivered: 0, duplicates: 0, unexpected: 0 };

  constructor(recentWindow = 50_000) {
    this.recentRing = new Array<string | undefined>(recentWindow);
  }

  /** Ids the platform just pushed. */
  pushed(ids: readonly string[]): void {
    for (const id of ids) {
      this.counts.pushed += 1;
      if (this.early.delete(id)) this.firstDelivery(id);
      else this.pending.add(id);
    }
  }

  /** An id the app received. */
  delivered(id: string): void {
    if (this.pending.delete(id)) return this.firstDelivery(id);
    if (this.recent.has(id) || this.early.has(id)) {
      this.counts.duplicates += 1;
      return;
    }
    this.early.add(id);
  }

  /** Current counts; ids still `early` count as unexpected. */
  snapshot(): LedgerCounts {
    return { ...this.counts, unexpected: this.counts.unexpected + this.early.size, outstanding: this.pending.size };
  }

  /** A few ids still outstanding (for failure messages). */
  sampleOutstanding(n = 5): string[] {
    return [...this.pending].slice(0, n);
  }

  private firstDelivery(id: string): void {
    this.counts.delivered += 1;
    const evicted = this.recentRing[this.head];
    if (evicted !== undefined) this.recent.delete(evicted);
    this.recentRing[this.head] = id;
    this.recent.add(id);
    this.head = (this.head + 1) % this.recentRing.length;
  }
}
