/**
 * Node timers the simulator schedules (grace periods, delayed faults, heartbeat timeouts),
 * tracked so `close()` can clear every one and leave no handle behind. The simulator is a
 * server in real time, so it uses node timers rather than RxJS schedulers.
 */
export class TimerSet {
  private readonly live = new Set<NodeJS.Timeout>();

  /** Run `fn` once after `ms`. */
  after(ms: number, fn: () => void): NodeJS.Timeout {
    const handle = setTimeout(() => {
      this.live.delete(handle);
      fn();
    }, ms);
    this.live.add(handle);
    return handle;
  }

  /** Cancel one timer (no-op for `undefined` or a fired timer). */
  cancel(handle: NodeJS.Timeout | undefined): void {
    if (handle === undefined) return;
    clearTimeout(handle);
    this.live.delete(handle);
  }

  /** Cancel every pending timer. */
  clearAll(): void {
    for (const handle of this.live) clearTimeout(handle);
    this.live.clear();
  }

  /** Timers still pending. */
  get size(): number {
    return this.live.size;
  }
}
