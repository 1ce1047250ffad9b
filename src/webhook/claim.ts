/**
 * Exactly-once delivery across webhook instances, while the store answers in time: before an
 * event reaches the app, the instance claims its key in the shared `Store` with an atomic
 * set-if-absent and a TTL. Only the instance that stored the key delivers; every other copy (a
 * platform retry, the same delivery load-balanced to another instance) is acknowledged and dropped.
 *
 * ```
 * instance A: claim(ev1) ─ SET key A NX PX ttl ─► OK   → deliver
 * instance B: claim(ev1) ─ SET key B NX PX ttl ─► nil  → drop (duplicatesDropped)
 * ```
 *
 * The claim runs before the ACK, so it is bounded (`timeoutMs`): a store that fails or does not
 * answer in time is skipped and the event delivered at-least-once (see `createClaims`).
 *
 * With a `RedisStore` the guarantee is exact across machines while Redis answers in time; with a
 * `FileStore` across processes of one machine; with the default `MemoryStore` within the process.
 */
import { createHash } from "node:crypto";
import type { GatewayPayload } from "../protocol/payloads.js";
import { createClaims, type AppClaimOptions, type Claims } from "../store/claims.js";

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
export type EventClaimOptions = AppClaimOptions;

/** Claims event keys. */
export type EventClaims = Claims;

/** Claims of webhook events backed by `options.store` (see the module comment). */
export function createEventClaims(options: EventClaimOptions): EventClaims {
  const { appId, ...rest } = options;
  return createClaims({ ...rest, storeKey: (key) => webhookClaimKey(appId, key), what: "webhook events" });
}
