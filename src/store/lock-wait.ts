/**
 * Bounded waiting for a lock that is taken by trying again after a short delay.
 * Shared by the file and Redis stores; time lives in RxJS (`timer` on a scheduler).
 */
import { asyncScheduler, firstValueFrom, timer, type SchedulerLike } from "rxjs";
import { QQBotError } from "../errors.js";

/** A store lock could not be taken within the allowed wait: another holder kept it. */
export class StoreLockTimeoutError extends QQBotError {
  /** Always `"StoreLockTimeoutError"`. */
  override readonly name = "StoreLockTimeoutError";
  /** Name of the lock. */
  readonly lock: string;
  /** How long the caller waited. */
  readonly waitedMs: number;

  constructor(lock: string, waitedMs: number) {
    super(
      `could not take the store lock "${lock}" within ${waitedMs} ms: another process or task holds it`,
      "STORE_LOCK_TIMEOUT",
    );
    this.lock = lock;
    this.waitedMs = waitedMs;
  }
}

/** How long and how often {@link waitForLock} tries. */
export interface LockWaitOptions {
  /** Lock name, for the error. */
  name: string;
  /** Give up after this long. */
  waitMs: number;
  /** Delay between attempts (randomised to 50–150% so contenders do not move in lockstep). */
  retryMs: number;
  scheduler?: SchedulerLike;
}

/**
 * Call `tryAcquire` until it returns something other than `undefined` (`undefined` = busy),
 * waiting `retryMs` between tries; after `waitMs` reject with {@link StoreLockTimeoutError}.
 * Errors thrown by `tryAcquire` end the wait at once.
 *
 * ```
 * tryAcquire:  busy ─ retryMs ─ busy ─ retryMs ─ handle ──► resolves handle
 * tryAcquire:  busy ─ … ─ (waitMs elapsed) ──────────────────► rejects StoreLockTimeoutError
 * ```
 */
export async function waitForLock<T>(tryAcquire: () => Promise<T | undefined>, options: LockWaitOptions): Promise<T> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const started = scheduler.now();
  for (;;) {
    const handle = await tryAcquire();
    if (handle !== undefined) return handle;
    const waited = scheduler.now() - started;
    if (waited >= options.waitMs) throw new StoreLockTimeoutError(options.name, Math.round(waited));
    const delay = Math.max(1, Math.round(options.retryMs * (0.5 + Math.random())));
    await firstValueFrom(timer(Math.min(delay, options.waitMs - waited), scheduler));
  }
}
