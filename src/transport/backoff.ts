/**
 * The wait before the next attempt after consecutive failures (DESIGN §1 "Backoff").
 *
 * `reconnectBackoffMs[min(failures - 1, length - 1)]` (the last value repeats), scaled by a
 * random factor in `[1 - backoffJitter, 1 + backoffJitter]`. Zero failures wait nothing.
 *
 * ```
 * failures:   1      2      3      4       5       6       7 …
 * wait (ms):  1000   2000   5000   10000   30000   60000   60000   (each ±20%)
 * ```
 */
/** The policy fields the backoff reads (the gateway's `ReconnectPolicy` extends it; the webhook listener uses it too). */
export interface BackoffPolicy {
  /** Waits between failed attempts; the last value repeats. */
  reconnectBackoffMs: readonly number[];
  /** ± fraction of random jitter applied to each wait (0.2 = ±20%). */
  backoffJitter: number;
}

/**
 * Milliseconds to wait after `failures` consecutive failed attempts.
 *
 * @param failures - failed attempts in a row (0 = none: no wait)
 * @param policy - `reconnectBackoffMs` and `backoffJitter`
 * @param random - a source of numbers in `[0, 1)`; `0.5` means no jitter
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const steps = policy.reconnectBackoffMs;
  if (!(failures > 0) || steps.length === 0) return 0;
  const base = steps[Math.min(Math.floor(failures) - 1, steps.length - 1)] ?? 0;
  const spread = 2 * random() - 1; // [-1, 1)
  return Math.max(0, Math.round(base * (1 + policy.backoffJitter * spread)));
}
