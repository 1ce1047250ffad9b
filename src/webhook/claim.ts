/**
 * Exactly-once delivery across webhook instances, while the store answers in time: before an
 * event reaches the app, the instance claims its key in the shared {@link Store} with an atomic
 * set-if-absent and a TTL. Only the instance that stored the key delivers; every other copy (a
 * platform retry, the same delivery load-balanced to another instance) is acknowledged and dropped.
 *
 * ```
 * instance A: claim(ev1) ─ SET key A NX PX ttl ─► OK   → deliver
 * instance B: claim(ev1) ─ SET key B NX PX ttl ─► nil  → drop (duplicatesDropped)
 * ```
 *
 * The claim runs before the ACK, so it is bounded: a store that fails or does not answer
 * within `timeoutMs` is skipped. The event is then claimed in this instance's memory only and
 * delivered (at-least-once: another instance may deliver it too), counted in
 * `unclaimedDeliveries`, with one warning per outage; the store is tried again at most every
 * `retryIntervalMs` (calls in between do not wait on it at all) and used again once it answers.
 *
 * ```
 * store:   ok ─── hung ───────────────────────── ok
 * claims:  S      T(warn)  L  L  T  L  L  T      S(info "answers again")    S = store, L = local,
 *                 └ retryIntervalMs ┘                                      T = timed out → local
 * ```
 *
 * With a `RedisStore` the guarantee is exact across machines while Redis answers in time; with a
 * `FileStore` across processes of one machine; with the default `MemoryStore` within the process.
 *
 * @example
 * ```ts
 * const claims = createEventClaims({ store: new RedisStore({ redis }), appId, ttlMs: 3_600_000 });
 * if (await claims.claim(eventKey(payload)!)) deliver(payload);
 * ```
 */
import { createHash, randomUUID } from "node:crypto";
import { LRUCache } from "lru-cache";
import { asyncScheduler, catchError, defer, firstValueFrom, map, of, timeout, TimeoutError, type SchedulerLike } from "rxjs";
import { safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import type { GatewayPayload } from "../protocol/payloads.js";
import type { Counters } from "../stats.js";
import { ResilientStore } from "../store/resilient-store.js";
import { setIfAbsent, type Store } from "../store/store.js";
import { DEFAULT_WEBHOOK_OPTIONS } from "./options.js";

/** Store key of one claimed event. */
export function webhookClaimKey(appId: string, eventKey: string): string {
  return `qqbot-rx:${appId}:webhook-event:${eventKey}`;
}

/**
 * What identifies one event across retries: the envelope `id`, else `t` + the data's `id`
 * (a message id); `undefined` when the payload has neither (the handler then keys it by
 * {@link signedRequestKey}).
 */
export function eventKey(payload: GatewayPayload): string | undefined {
  if (typeof payload.id === "string" && payload.id !== "") return payload.id;
  const dataId = (payload.d as { id?: unknown } | null | undefined)?.id;
  if (typeof payload.t === "string" && typeof dataId === "string" && dataId !== "") return `${payload.t}:${dataId}`;
  return undefined;
}

/**
 * The key of an event with no id: a SHA-256 of the signed `X-Signature-Timestamp` and the raw
 * body, so a replay of the same signed request (accepted while its timestamp is in the window)
 * is dropped. A platform retry of such an event is signed anew and is not recognised.
 */
export function signedRequestKey(timestamp: string, rawBody: Uint8Array | string): string {
  return `sha256:${createHash("sha256").update(timestamp).update(rawBody).digest("hex")}`;
}

/** Options of {@link createEventClaims}. */
export interface EventClaimOptions {
  /** The shared store; a `ResilientStore` is unwrapped (claims fall back on their own, bounded). */
  store: Store;
  appId: string;
  /** How long a claim holds (duplicates later than this are delivered again). */
  ttlMs: number;
  /** Longest wait for the store before delivering without a claim. @defaultValue 250 */
  timeoutMs?: number;
  /** During an outage the store is tried again at most this often. @defaultValue 1000 */
  retryIntervalMs?: number;
  /** Written as the claim's value (for debugging who delivered). @defaultValue a random UUID */
  instanceId?: string;
  /** Outages (warn, once each) and recoveries (info). @defaultValue silent */
  logger?: Logger;
  /** Counts `storeErrors` (store failed or timed out) and `unclaimedDeliveries`. */
  counters?: Counters;
  /** Clock of the timeout, the retry interval and the local claims' TTL. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
}

/** Claims event keys. */
export interface EventClaims {
  /** The id of this instance (the value its claims hold). */
  readonly instanceId: string;
  /** True when this instance is the first to claim `key` within the TTL (it must deliver). */
  claim(key: string): Promise<boolean>;
}

/** Keys remembered locally (claims won in the store, and claims made during an outage). */
const LOCAL_CLAIMS_MAX = 10_000;

type StoreAnswer = { ok: true; stored: boolean } | { ok: false; err: unknown };

/** Claims backed by `store`, bounded by `timeoutMs` (see the module comment). */
export function createEventClaims(options: EventClaimOptions): EventClaims {
  const instanceId = options.instanceId ?? randomUUID();
  const logger = options.logger ?? silentLogger;
  const scheduler = options.scheduler ?? asyncScheduler;
  const store = options.store instanceof ResilientStore ? options.store.inner : options.store;
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_OPTIONS.claimTimeoutMs;
  const retryIntervalMs = options.retryIntervalMs ?? 1_000;
  const local = new LRUCache<string, true>({ max: LOCAL_CLAIMS_MAX, ttl: options.ttlMs, ttlAutopurge: false, ttlResolution: 0, perf: { now: () => scheduler.now() } });
  /** Outage state: when the store may be tried again, and how many events went unclaimed. */
  let outage: { retryAt: number; unclaimed: number } | undefined;

  const askStore = (key: string): Promise<StoreAnswer> =>
    firstValueFrom(
      defer(() => setIfAbsent(store, webhookClaimKey(options.appId, key), instanceId, options.ttlMs)).pipe(
        timeout({ first: timeoutMs, scheduler }),
        map((stored): StoreAnswer => ({ ok: true, stored })),
        catchError((err: unknown) => of<StoreAnswer>({ ok: false, err })),
      ),
    );

  const claimLocally = (key: string): boolean => {
    if (local.has(key)) return false;
    local.set(key, true);
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
      { event: key, err: why },
      `could not claim webhook events in the store (${why}): delivering them unclaimed, at-least-once (other instances may deliver them too), counted in unclaimedDeliveries, until it answers again`,
    );
  };

  return {
    instanceId,
    async claim(key) {
      if (local.has(key)) return false; // this instance delivered it already
      if (outage && scheduler.now() < outage.retryAt) return claimLocally(key);
      const answer = await askStore(key);
      if (!answer.ok) {
        failed(key, answer.err);
        return claimLocally(key);
      }
      if (outage) {
        logger.info({ unclaimed: outage.unclaimed }, `the store answers webhook claims again (${outage.unclaimed} events were delivered unclaimed)`);
        outage = undefined;
      }
      if (!answer.stored) return false;
      local.set(key, true);
      return true;
    },
  };
}
