/**
 * Claims in a shared store: the first caller to claim a key within its TTL wins, every later
 * one (in this process or another) loses. A claim is an atomic set-if-absent with a TTL, so
 * only the process that stored the key goes on (delivers the event, the message).
 *
 * ```
 * process A: claim(k) ─ SET key A NX PX ttl ─► OK   → true  (deliver)
 * process B: claim(k) ─ SET key B NX PX ttl ─► nil  → false (drop)
 * ```
 *
 * With `leaseMs` a claim has two phases, so a process killed between its claim and the delivery
 * loses nothing: the won claim is only a lease (`pending:<id>`, kept `leaseMs`) until `settle(k)`,
 * called once the value was delivered, makes it final (`<id>`, kept `ttlMs`). A process that
 * finds a lease waits, asking every `pollMs`, until it is settled (a duplicate: drop) or runs out
 * (its holder died: claim it again and deliver). A process killed after delivering and before
 * settling makes its successor deliver that value again: at-least-once, never lost.
 *
 * ```
 * process A: claim(k) ─ SET key pending:A NX PX lease ─► OK → deliver ─► settle(k) ─ SET key A PX ttl
 * process B: claim(k) ─ SET NX ─► nil ─ GET ─► pending:A ─ (pollMs) ─ … ─ GET ─► A → false (drop)
 * A killed before settle(k): B's polls see the lease run out ─ SET NX ─► OK → true (deliver)
 * ```
 *
 * Claims are bounded: a store that fails or does not answer within `timeoutMs` is skipped.
 * The key is then claimed in this process's memory only (at-least-once: another process may
 * win it too), counted in `unclaimedDeliveries`, with one warning per outage; the store is
 * tried again at most every `retryIntervalMs` (claims in between do not wait on it at all) and
 * used again once it answers.
 *
 * ```
 * store:   ok ─── hung ───────────────────────── ok
 * claims:  S      T(warn)  L  L  T  L  L  T      S(info "answers again")    S = store, L = local,
 *                 └ retryIntervalMs ┘                                      T = timed out → local
 * ```
 */
import { randomUUID } from "node:crypto";
import { LRUCache } from "lru-cache";
import { asyncScheduler, catchError, defer, first, firstValueFrom, identity, map, of, repeat, timeout, TimeoutError, timer, type SchedulerLike } from "rxjs";
import { safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import type { Counters } from "../stats.js";
import { ResilientStore } from "./resilient-store.js";
import { setIfAbsent, type Store } from "./store.js";

/** Options of {@link createClaims}. */
export interface ClaimOptions {
  /** The shared store; a `ResilientStore` is unwrapped (claims fall back on their own, bounded). */
  store: Store;
  /** The store key of a claimed key. */
  storeKey: (key: string) => string;
  /** How long a claim holds (a duplicate later than this wins again). */
  ttlMs: number;
  /** What is claimed, for the logs ("webhook events", "deliveries"). */
  what: string;
  /** Longest wait for the store before going on without a claim. @defaultValue 250 */
  timeoutMs?: number | undefined;
  /** During an outage the store is tried again at most this often. @defaultValue 1000 */
  retryIntervalMs?: number | undefined;
  /** Written as the claim's value (for debugging who delivered). @defaultValue a random UUID */
  instanceId?: string | undefined;
  /** Outages (warn, once each) and recoveries (info). @defaultValue silent */
  logger?: Logger | undefined;
  /** Counts `storeErrors` (store failed or timed out) and `unclaimedDeliveries`. */
  counters?: Counters | undefined;
  /**
   * Two-phase claims (see the module comment): a won claim is a lease of this many ms until
   * `settle` makes it final. @defaultValue none: a claim is final at once
   */
  leaseMs?: number | undefined;
  /** How often a process waiting on another's lease asks again. @defaultValue 100 */
  pollMs?: number | undefined;
  /** Clock of the timeout, the retry interval and the local claims' TTL. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike | undefined;
}

/** Options of a claims kind keyed by the bot's app id (webhook events, `dedupe.shared`): the store key is theirs. */
export type AppClaimOptions = Omit<ClaimOptions, "storeKey" | "what"> & { appId: string };

/** Claims keys; see {@link createClaims}. */
export interface Claims {
  /** The id of this process (the value its claims hold). */
  readonly instanceId: string;
  /** True when this process is the first to claim `key` within the TTL; never rejects. */
  claim(key: string): Promise<boolean>;
  /** After delivering what `claim(key)` granted: make the claim final (only with `leaseMs`). Never throws. */
  settle(key: string): void;
}

/** The default longest wait for the store. */
export const DEFAULT_CLAIM_TIMEOUT_MS = 250;
/** Keys remembered locally (claims won in the store, and claims made during an outage). */
const LOCAL_CLAIMS_MAX = 10_000;

/** The value of a claim still leased (not settled yet). */
const PENDING = "pending:";

/** One round with the store: this process stored the claim, a settled claim holds it, or a lease does. */
type Round = "won" | "lost" | "leased";
type StoreAnswer = { ok: true; round: Round } | { ok: false; err: unknown };

/** Claims backed by `options.store`, bounded by `timeoutMs` (see the module comment). */
export function createClaims(options: ClaimOptions): Claims {
  const instanceId = options.instanceId ?? randomUUID();
  const logger = options.logger ?? silentLogger;
  const scheduler = options.scheduler ?? asyncScheduler;
  const store = options.store instanceof ResilientStore ? options.store.inner : options.store;
  const timeoutMs = options.timeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS;
  const retryIntervalMs = options.retryIntervalMs ?? 1_000;
  const { what, leaseMs } = options;
  const pollMs = options.pollMs ?? 100;
  /** Longest wait on another process's lease before delivering anyway. */
  const leaseWaitMs = 2 * (leaseMs ?? 0);
  /** One store call, bounded by `timeoutMs`. */
  const bounded = <T>(call: () => Promise<T>) => defer(call).pipe(timeout({ first: timeoutMs, scheduler }));
  /** Keys this process claimed: `leased` (won in the store, not settled yet), `final` (settled, or claimed locally). */
  const local = new LRUCache<string, "leased" | "final">({ max: LOCAL_CLAIMS_MAX, ttl: options.ttlMs, ttlAutopurge: false, ttlResolution: 0, perf: { now: () => scheduler.now() } });
  /** Outage state: when the store may be tried again, and how many keys went unclaimed. */
  let outage: { retryAt: number; unclaimed: number } | undefined;

  /** Ask the store until the claim is decided: won, lost, or (waiting on a lease past twice its length) still leased. */
  const askStore = (key: string): Promise<StoreAnswer> =>
    firstValueFrom(
      storeRound(options.storeKey(key)).pipe(
        repeat({ delay: () => timer(pollMs, scheduler) }),
        first((round) => round !== "leased"),
        leaseMs === undefined ? identity : timeout({ first: leaseWaitMs + timeoutMs, with: () => of<Round>("leased"), scheduler }),
        map((round): StoreAnswer => ({ ok: true, round })),
        catchError((err: unknown) => of<StoreAnswer>({ ok: false, err })),
      ),
    );

  /** One set-if-absent (and, with leases, a look at who holds the key), bounded by `timeoutMs`. */
  const storeRound = (storeKey: string) =>
    bounded(async (): Promise<Round> => {
      if (await setIfAbsent(store, storeKey, leaseMs === undefined ? instanceId : `${PENDING}${instanceId}`, leaseMs ?? options.ttlMs)) return "won";
      if (leaseMs === undefined) return "lost";
      const holder = await store.get(storeKey);
      return holder === undefined || holder.startsWith(PENDING) ? "leased" : "lost";
    });

  const claimLocally = (key: string): boolean => {
    if (local.has(key)) return false;
    local.set(key, "final");
    options.counters?.increment("unclaimedDeliveries");
    if (outage) outage.unclaimed += 1;
    return true;
  };

  const failed = (key: string, err: unknown): void => {
    options.counters?.increment("storeErrors");
    const first = outage === undefined;
    outage = { retryAt: scheduler.now() + retryIntervalMs, unclaimed: outage?.unclaimed ?? 0 };
    if (!first) return;
    const why = err instanceof TimeoutError ? `no answer within ${timeoutMs} ms` : safeMessage(err);
    logger.warn(
      { key, err: why },
      `could not claim ${what} in the store (${why}): delivering them unclaimed, at-least-once (other processes may deliver them too), counted in unclaimedDeliveries, until it answers again`,
    );
  };

  return {
    instanceId,
    async claim(key) {
      if (local.has(key)) return false; // this process claimed it already
      if (outage && scheduler.now() < outage.retryAt) return claimLocally(key);
      const answer = await askStore(key);
      if (!answer.ok) {
        failed(key, answer.err);
        return claimLocally(key);
      }
      if (outage) {
        logger.info({ unclaimed: outage.unclaimed }, `the store answers claims of ${what} again (${outage.unclaimed} were delivered unclaimed)`);
        outage = undefined;
      }
      if (answer.round === "lost") return false;
      if (answer.round === "leased") {
        // The lease neither settled nor ran out (a store that ignores TTLs?): deliver rather than lose it.
        logger.warn({ key }, `a claim of ${what} held by another process was neither settled nor released within ${leaseWaitMs} ms: delivering it unclaimed (at-least-once), counted in unclaimedDeliveries`);
        return claimLocally(key);
      }
      local.set(key, leaseMs === undefined ? "final" : "leased");
      return true;
    },
    settle(key) {
      if (local.get(key) !== "leased") return;
      local.set(key, "final");
      bounded(() => store.set(options.storeKey(key), instanceId, options.ttlMs)).subscribe({ error: () => options.counters?.increment("storeErrors") }); // the lease then runs out: at-least-once
    },
  };
}
