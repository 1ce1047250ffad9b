/**
 * A sliding-window call limiter: at most `calls` admitted calls in any `windowMs`.
 * Refused calls do not count, so once the window slides past, calls are admitted again.
 *
 * ```
 * calls: 2, windowMs: 1000
 * time   0    10   20         1001
 *        ok   ok   refused    ok      (the call at 0 left the window)
 * ```
 */
export class RateWindow {
  private admitted: number[] = [];

  constructor(
    private readonly calls: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Admit the call now if the window has room; returns whether it was admitted. */
  tryAdmit(): boolean {
    const now = this.now();
    this.admitted = this.admitted.filter((t) => now - t < this.windowMs);
    if (this.admitted.length >= this.calls) return false;
    this.admitted.push(now);
    return true;
  }

  /** Milliseconds until the next call would be admitted (0 = now). */
  retryAfterMs(): number {
    const now = this.now();
    const live = this.admitted.filter((t) => now - t < this.windowMs);
    if (live.length < this.calls) return 0;
    const oldest = live[0] ?? now;
    return Math.max(0, oldest + this.windowMs - now);
  }
}
