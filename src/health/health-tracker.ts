/**
 * The bot's health kept current: fed every state change (and the fatal error), it answers
 * `snapshot()` at once (what `bot.health()` returns) and emits each new snapshot on `changes$`.
 */
import { concat, defer, type Observable, of, Subject } from "rxjs";
import type { StateChange } from "../transport/state.js";
import { applyStateChange, initialHealth, withFatalError, type BotHealth } from "./health.js";

/** Keeps a {@link BotHealth} up to date. */
export interface HealthTracker {
  /** Apply one state change. */
  update(change: StateChange): void;
  /** Record the error the gateway failed with (after the shard's `fatal` state), already redacted (the bot scrubs it first). */
  fail(err: unknown): void;
  /** The health now. */
  snapshot(): BotHealth;
  /** The current health, then every change; completes after {@link HealthTracker.complete}. */
  readonly changes$: Observable<BotHealth>;
  /** No more changes (the bot closed). */
  complete(): void;
}

/** A tracker starting `idle` with no shard. */
export function createHealthTracker(): HealthTracker {
  let current = initialHealth();
  const changes = new Subject<BotHealth>();
  const set = (next: BotHealth): void => {
    current = next;
    changes.next(next);
  };
  return {
    update: (change) => set(applyStateChange(current, change)),
    fail: (err) => {
      const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
      set(withFatalError(current, { code, message }));
    },
    snapshot: () => current,
    // Each subscriber first gets the health as it is now (also after the bot closed), then every change.
    changes$: defer(() => concat(of(current), changes)),
    complete: () => changes.complete(),
  };
}
