/**
 * The quick-disconnect guard (DESIGN §1, PROTOCOL.md A1): connections that keep ending soon
 * after they open mean something no reconnect can fix (credentials, intents, permissions,
 * network). After `maxQuickDisconnects` of them in a row the stream errors with
 * `GatewayFatalError { code: "QUICK_DISCONNECT_STORM" }`.
 *
 * - a connection that opened and ended within `quickDisconnectMs` increments the count;
 * - a connection that lived at least `quickDisconnectMs` resets it to 0;
 * - a connection that never opened (`connect-failed`, `handshake-timeout`) leaves it alone:
 *   a network outage is retried forever with backoff, never fatal;
 * - so do endings that say nothing about credentials, intents or the network: a rate limit
 *   (`rate-limited`, no attempt was made) and a frame over the hard size limit (`frame-too-large`,
 *   the next attempt starts a new session): each has its own clear reason in `state$`.
 *
 * ```
 * disconnects:  q-q-q-q-q-L-q-q-q-q-q-q      (q quick, L long-lived; max 6)
 * count:        1 2 3 4 5 0 1 2 3 4 5 6
 * output:       q-q-q-q-q-L-q-q-q-q-q-#      (# GatewayFatalError QUICK_DISCONNECT_STORM)
 * ```
 */
import { scan, map, type MonoTypeOperatorFunction, pipe } from "rxjs";
import { GatewayFatalError } from "../errors.js";
import type { ReconnectPolicy } from "./options.js";
import type { Counters } from "../stats.js";
import type { Disconnect } from "./types.js";

/** The policy fields the guard reads. */
export type QuickDisconnectPolicy = Pick<ReconnectPolicy, "quickDisconnectMs" | "maxQuickDisconnects">;

/** Options of {@link countQuickDisconnects}. */
export interface QuickDisconnectOptions {
  /** Counts `quickDisconnects`. */
  counters?: Counters | undefined;
  /** Shard, put into the error. */
  shard?: number | undefined;
}

/** Endings that neither count nor reset (see the module comment). */
const NOT_COUNTED: ReadonlySet<Disconnect["cause"]> = new Set(["connect-failed", "handshake-timeout", "rate-limited", "frame-too-large"]);

/**
 * Whether this ending says something about the session: its socket opened, and it did not end
 * for a reason of its own (a rate limit, an oversized frame).
 */
function countsTowardsStorm(d: Disconnect): boolean {
  return !NOT_COUNTED.has(d.cause);
}

/** The next count after `d` (pure). */
export function nextQuickCount(count: number, d: Disconnect, policy: QuickDisconnectPolicy): number {
  if (!countsTowardsStorm(d)) return count;
  return d.connectedFor < policy.quickDisconnectMs ? count + 1 : 0;
}

/** The error raised when the storm limit is reached; its message says what to check. */
export function quickDisconnectStormError(count: number, last: Disconnect, policy: QuickDisconnectPolicy, shard?: number): GatewayFatalError {
  const lastHow = last.closeCode !== undefined ? `close code ${last.closeCode}` : `cause ${last.cause}`;
  const reason = last.reason ? ` "${last.reason}"` : "";
  return new GatewayFatalError(
    `${count} gateway connections in a row ended less than ${policy.quickDisconnectMs} ms after opening ` +
      `(last: ${lastHow}${reason}). Reconnecting will not fix this; check the app id and client secret, ` +
      `the intents and whether the bot is permitted each of them, the network or proxy path to the gateway, ` +
      `and the platform's status.`,
    "QUICK_DISCONNECT_STORM",
    { disconnects: count, closeCode: last.closeCode, shard },
  );
}

/**
 * Pass `Disconnect`s through, counting quick ones; error with `QUICK_DISCONNECT_STORM` when
 * the count reaches `maxQuickDisconnects`.
 *
 * @example
 * ```ts
 * of(quick, quick, long).pipe(countQuickDisconnects({ quickDisconnectMs: 5000, maxQuickDisconnects: 6 }))
 * ```
 */
export function countQuickDisconnects(policy: QuickDisconnectPolicy, options: QuickDisconnectOptions = {}): MonoTypeOperatorFunction<Disconnect> {
  return pipe(
    scan(
      (acc: { count: number; last: Disconnect | undefined }, d: Disconnect) => {
        const count = nextQuickCount(acc.count, d, policy);
        if (count > acc.count) options.counters?.increment("quickDisconnects");
        if (count >= policy.maxQuickDisconnects) throw quickDisconnectStormError(count, d, policy, options.shard);
        return { count, last: d };
      },
      { count: 0, last: undefined },
    ),
    map((acc) => acc.last as Disconnect),
  );
}
