/**
 * Exactly-once delivery across webhook instances: before an event reaches the app, the
 * instance claims its id in the shared {@link Store} with an atomic set-if-absent and a TTL.
 * Only the instance that stored the key delivers; every other copy (a platform retry, the same
 * delivery load-balanced to another instance) is acknowledged and dropped.
 *
 * ```
 * instance A: claim(ev1) ─ SET key A NX PX ttl ─► OK   → deliver
 * instance B: claim(ev1) ─ SET key B NX PX ttl ─► nil  → drop (duplicatesDropped)
 * ```
 *
 * With a `RedisStore` that is exact across machines; with a `FileStore` across processes of one
 * machine; with the default `MemoryStore` within the process. When the store cannot answer, the
 * event is delivered (at-least-once) and the failure logged and counted (`storeErrors`).
 *
 * @example
 * ```ts
 * const claims = createEventClaims({ store: new RedisStore({ redis }), appId, ttlMs: 3_600_000 });
 * if (await claims.claim(eventKey(payload)!)) deliver(payload);
 * ```
 */
import { randomUUID } from "node:crypto";
import { safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import type { GatewayPayload } from "../protocol/payloads.js";
import type { Counters } from "../stats.js";
import { setIfAbsent, type Store } from "../store/store.js";

/** Store key of one claimed event. */
export function webhookClaimKey(appId: string, eventKey: string): string {
  return `qqbot-rx:${appId}:webhook-event:${eventKey}`;
}

/**
 * What identifies one event across retries: the envelope `id`, else `t` + the data's `id`
 * (a message id); `undefined` when the payload has neither (it cannot be deduplicated).
 */
export function eventKey(payload: GatewayPayload): string | undefined {
  if (typeof payload.id === "string" && payload.id !== "") return payload.id;
  const dataId = (payload.d as { id?: unknown } | null | undefined)?.id;
  if (typeof payload.t === "string" && typeof dataId === "string" && dataId !== "") return `${payload.t}:${dataId}`;
  return undefined;
}

/** Options of {@link createEventClaims}. */
export interface EventClaimOptions {
  store: Store;
  appId: string;
  /** How long a claim holds (duplicates later than this are delivered again). */
  ttlMs: number;
  /** Written as the claim's value (for debugging who delivered). @defaultValue a random UUID */
  instanceId?: string;
  logger?: Logger;
  counters?: Counters;
}

/** Claims event ids. */
export interface EventClaims {
  /** The id of this instance (the value its claims hold). */
  readonly instanceId: string;
  /** True when this instance is the first to claim `key` within the TTL (it must deliver). */
  claim(key: string): Promise<boolean>;
}

/** Claims backed by `store` (see the module comment). */
export function createEventClaims(options: EventClaimOptions): EventClaims {
  const instanceId = options.instanceId ?? randomUUID();
  const logger = options.logger ?? silentLogger;
  return {
    instanceId,
    async claim(key) {
      try {
        return await setIfAbsent(options.store, webhookClaimKey(options.appId, key), instanceId, options.ttlMs);
      } catch (err) {
        options.counters?.increment("storeErrors");
        logger.warn({ event: key, err: safeMessage(err) }, "could not claim a webhook event in the store: delivering it (at-least-once)");
        return true;
      }
    },
  };
}
