/**
 * Totals of gateway milestones (IDENTIFY received, READY sent, socket closed…) and
 * promises that resolve once a total is reached: the test's way to wait for an event
 * without sleeping.
 */

/** What `platform.waitFor` can wait for. */
export type MilestoneName =
  | "identify"
  | "resume"
  | "ready"
  | "resumed"
  | "heartbeat"
  | "connection"
  | "close"
  /** An upgrade refused, answered non-101, left hanging, or on a wrong path. */
  | "upgrade-failed";

interface Waiter {
  name: MilestoneName;
  count: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** Counts milestones and wakes the waiters whose total was reached. */
export class Milestones {
  private readonly totals = new Map<MilestoneName, number>();
  private waiters: Waiter[] = [];
  private closed = false;

  /** How many of `name` happened so far. */
  total(name: MilestoneName): number {
    return this.totals.get(name) ?? 0;
  }

  /** Record one more `name` and resolve the waiters it satisfies. */
  mark(name: MilestoneName): void {
    const total = this.total(name) + 1;
    this.totals.set(name, total);
    const [done, pending] = partition(this.waiters, (w) => w.name === name && w.count <= total);
    this.waiters = pending;
    for (const w of done) w.resolve();
  }

  /** Resolve once `count` (default: the current total + 1) of `name` happened in total. */
  waitFor(name: MilestoneName, count?: number): Promise<void> {
    const target = count ?? this.total(name) + 1;
    if (this.total(name) >= target) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error(`simulated platform closed before ${target} "${name}" (saw ${this.total(name)})`));
    return new Promise<void>((resolve, reject) => this.waiters.push({ name, count: target, resolve, reject }));
  }

  /** Reject every pending waiter: the platform is closing. */
  close(): void {
    this.closed = true;
    const pending = this.waiters;
    this.waiters = [];
    for (const w of pending) {
      w.reject(new Error(`simulated platform closed before ${w.count} "${w.name}" (saw ${this.total(w.name)})`));
    }
  }
}

function partition<T>(items: T[], pred: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (pred(item) ? yes : no).push(item);
  return [yes, no];
}
