/**
 * `session_start_limit` of `/gateway/bot`: `remaining` drops by one per accepted IDENTIFY
 * and is restored to `total` when `reset_after` runs out.
 */
export class SessionStartLimit {
  private remaining: number;
  private resetAt: number;

  constructor(
    private readonly config: { total: number; remaining: number; resetAfterMs: number },
    private readonly now: () => number,
  ) {
    this.remaining = config.remaining;
    this.resetAt = now() + config.resetAfterMs;
  }

  /** Count one session start (never below zero; the simulator does not refuse at zero). */
  consume(): void {
    this.roll();
    this.remaining = Math.max(0, this.remaining - 1);
  }

  /** The `session_start_limit` object as `/gateway/bot` returns it. */
  snapshot(maxConcurrency: number): { total: number; remaining: number; reset_after: number; max_concurrency: number } {
    this.roll();
    return {
      total: this.config.total,
      remaining: this.remaining,
      reset_after: Math.max(0, this.resetAt - this.now()),
      max_concurrency: maxConcurrency,
    };
  }

  private roll(): void {
    const now = this.now();
    if (now < this.resetAt) return;
    this.remaining = this.config.total;
    this.resetAt = now + this.config.resetAfterMs;
  }
}
