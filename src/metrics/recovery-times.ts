import { filter, map, type OperatorFunction, scan } from "rxjs";
import { applyStateChange, initialHealth, type BotHealth } from "../health/health.js";
import { ConnectionState, type StateChange } from "../transport/state.js";

/** One recovery: shard `shard` was down for `downMs` and is ready again. */
export interface Recovery {
  /** The shard. */
  shard: number;
  /** From going down to ready again (scheduler milliseconds). */
  downMs: number;
}

/**
 * How long each shard took to recover, from `state$`. A shard goes down when its ready
 * connection drops or an attempt fails (`reconnecting`, `cooling-down`) and recovers at its
 * next `ready`; `idle`, `closed` and `fatal` end a down period without a recovery. The same
 * definition as `downSince` in `bot.health()`.
 *
 * ```
 * state$:   R──────x──c──r──R─────x──c──R──    R = ready, x = reconnecting, c = connecting, r = resuming
 * result:   ─────────────────a────────────b    a = { shard, downMs: R − x }, b likewise
 * ```
 *
 * @example
 * ```ts
 * bot.state$.pipe(recoveryTimes()).subscribe(({ shard, downMs }) => histogram.observe({ shard }, downMs / 1000));
 * ```
 */
export function recoveryTimes(): OperatorFunction<StateChange, Recovery> {
  return (state$) =>
    state$.pipe(
      scan(
        (acc: { health: BotHealth; recovery: Recovery | undefined }, change) => {
          const before = acc.health.shards.find((s) => s.shard === change.shard)?.downSince;
          const recovered = change.state === ConnectionState.Ready && before !== undefined;
          return { health: applyStateChange(acc.health, change), recovery: recovered ? { shard: change.shard, downMs: change.at - before } : undefined };
        },
        { health: initialHealth(), recovery: undefined },
      ),
      map((acc) => acc.recovery),
      filter((r): r is Recovery => r !== undefined),
    );
}
