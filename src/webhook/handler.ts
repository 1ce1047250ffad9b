/**
 * The webhook request handler: verifies a callback, answers it, and hands dispatches to the
 * app only after the answer is out.
 *
 * ```
 * request ─► verifyWebhookRequest ─✗─► 4xx {error: reason}          (badFrames, webhookRejected, warn with why)
 *               │ op 13 ─► 200 {plain_token, signature}              (callback URL validation, signed only)
 *               │ op 0  ─► claim(key) ─► 200 {op: 12}, then onDispatch   (first claim)
 *               │                  └────► 200 {op: 12}, dropped          (duplicatesDropped)
 *               └ other ─► 200 {op: 12}, not delivered               (badFrames, warn: unsupported op)
 * ```
 *
 * The claim key is the event id, else `t` + the data's id, else a SHA-256 of the signed
 * timestamp + raw body (so a replayed request is dropped). Unknown ops are acknowledged so the
 * platform does not retry what no retry can fix.
 */
import { asyncScheduler, type SchedulerLike } from "rxjs";
import { safeMessage } from "../errors.js";
import { redactingLogger, silentLogger, type Logger } from "../logger.js";
import { OpCode } from "../protocol/opcodes.js";
import type { GatewayPayload } from "../protocol/payloads.js";
import type { Counters } from "../stats.js";
import { MemoryStore } from "../store/memory-store.js";
import { createEventClaims, eventKey, signedRequestKey, type EventClaims } from "./claim.js";
import { DEFAULT_WEBHOOK_OPTIONS } from "./options.js";
import { createWebhookSigner, type WebhookSigner } from "./signing.js";
import { verifyWebhookRequest, type WebhookRejection, type WebhookRequest } from "./verify-request.js";

/** A dispatch as the transport delivers it. */
export type WebhookDispatch = GatewayPayload & {
  /** The event type. */
  t: string;
  /** The event's sequence number, when sent. */
  s?: number;
};

/** What to answer. `body` is JSON text. */
export interface WebhookResponse {
  /** HTTP status. */
  status: number;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
  /** JSON text. */
  body: string;
}

/** The framework-neutral handler: `{ headers, rawBody }` in, `{ status, headers, body }` out. */
export type WebhookRequestHandler = (req: WebhookRequest) => Promise<WebhookResponse>;

/** A response and what to run once it has been sent. */
export interface ProcessedWebhook {
  /** What to answer. */
  response: WebhookResponse;
  /** Hands the dispatch to the app; `undefined` when there is nothing to deliver. */
  deliver: (() => void) | undefined;
}

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** The bot's app id (event claims are namespaced by it). */
  appId: string;
  /** Derives the signing key; never logged. */
  clientSecret: string;
  /** Receives each verified, first-claimed dispatch, after its ACK was sent. */
  onDispatch(payload: WebhookDispatch): void;
  /**
   * Exactly-once claims (see `createEventClaims`). They must outlive twice `timestampToleranceMs`, or a
   * replay inside the timestamp window is delivered again (`webhookOptionProblems` enforces it for the bot's options).
   * @defaultValue claims in a private `MemoryStore` (this process only), kept `DEFAULT_WEBHOOK_OPTIONS.claimTtlMs` (1 h)
   */
  claims?: EventClaims;
  /** @defaultValue 1 MiB */
  maxBodyBytes?: number;
  /** @defaultValue 5 min */
  timestampToleranceMs?: number;
  /** Where refusals (warn), URL validations (info) and dropped duplicates (debug) are logged; secrets are redacted. @defaultValue silent */
  logger?: Logger;
  /** Counts `framesIn`, `badFrames`, `webhookRejected` and `duplicatesDropped`. */
  counters?: Counters;
  /** Clock for the timestamp window, and where `handle` schedules deliveries. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
}

/** A webhook handler; see the module comment. */
export interface WebhookHandler {
  /** Verify and answer; a dispatch is delivered on the scheduler after this resolves (a later macrotask). */
  readonly handle: WebhookRequestHandler;
  /** Verify and answer; the caller runs `deliver` once the response is sent (the Node adapter does). */
  process(req: WebhookRequest): Promise<ProcessedWebhook>;
  /** Count, log and answer a refusal decided outside `process` (the Node adapter's early 413). */
  refuse(rejection: WebhookRejection, traceId?: string): WebhookResponse;
  /** The body size limit in force. */
  readonly maxBodyBytes: number;
  /** Signs and verifies with the key derived from the client secret. */
  readonly signer: WebhookSigner;
}

const JSON_HEADERS = { "content-type": "application/json" } as const;
const json = (status: number, body: unknown): WebhookResponse => ({ status, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) });

/** The op 12 acknowledgement of a callback. */
export const WEBHOOK_ACK = {
  /** op 12, HTTP callback ACK. */
  op: OpCode.HttpCallbackAck,
  /** Always 0. */
  d: 0,
} as const;

/**
 * Build a framework-neutral webhook handler (see {@link WebhookHandler}): verifies each
 * callback, answers it (op 13 validation, op 12 ACK, 4xx refusals), and hands each event to
 * `onDispatch` once, after the answer. Throws `QQBotConfigError` for an empty secret.
 * (`createBot` with `transport: "webhook"` builds one for you.)
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const signer = createWebhookSigner(options.clientSecret);
  const logger = redactingLogger(options.logger ?? silentLogger, () => [options.clientSecret]);
  const counters = options.counters;
  const scheduler = options.scheduler ?? asyncScheduler;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_WEBHOOK_OPTIONS.maxBodyBytes;
  const toleranceMs = options.timestampToleranceMs ?? DEFAULT_WEBHOOK_OPTIONS.timestampToleranceMs;
  const claims = options.claims ?? createEventClaims({ store: new MemoryStore(() => scheduler.now()), appId: options.appId, ttlMs: DEFAULT_WEBHOOK_OPTIONS.claimTtlMs, scheduler });
  const ack = (): WebhookResponse => json(200, WEBHOOK_ACK);

  const refuse = (rejection: WebhookRejection, traceId?: string): WebhookResponse => {
    counters?.increment("badFrames");
    counters?.increment("webhookRejected");
    logger.warn({ status: rejection.status, reason: rejection.reason, traceId }, `webhook request rejected: ${rejection.reason} (${rejection.detail})`);
    return json(rejection.status, { error: rejection.reason });
  };

  const validation = (payload: GatewayPayload, traceId: string | undefined): WebhookResponse => {
    const d = (payload.d ?? {}) as { plain_token?: unknown; event_ts?: unknown };
    const eventTs = typeof d.event_ts === "number" ? String(d.event_ts) : d.event_ts;
    if (typeof d.plain_token !== "string" || typeof eventTs !== "string") {
      return refuse({ status: 400, reason: "bad-payload", detail: "op 13 without string plain_token and event_ts" }, traceId);
    }
    logger.info({ traceId }, "answered the callback URL validation (op 13)");
    return json(200, { plain_token: d.plain_token, signature: signer.sign(`${eventTs}${d.plain_token}`) });
  };

  /** `requestKey` keys an event without an id by its signed bytes, so a replayed request is dropped. */
  const dispatch = async (payload: GatewayPayload, traceId: string | undefined, requestKey: () => string): Promise<ProcessedWebhook> => {
    if (typeof payload.t !== "string" || payload.t === "") {
      return { response: refuse({ status: 400, reason: "bad-payload", detail: "op 0 without an event type t" }, traceId), deliver: undefined };
    }
    const event = payload as WebhookDispatch;
    const key = eventKey(event) ?? requestKey();
    if (!(await claims.claim(key))) {
      counters?.increment("duplicatesDropped");
      logger.debug({ event: key, type: event.t, traceId }, "dropped a duplicate webhook event (claimed already)");
      return { response: ack(), deliver: undefined };
    }
    return { response: ack(), deliver: () => options.onDispatch(event) };
  };

  const process = async (req: WebhookRequest): Promise<ProcessedWebhook> => {
    counters?.increment("framesIn");
    const verdict = verifyWebhookRequest(req, { signer, appId: options.appId, nowMs: scheduler.now(), toleranceMs, maxBodyBytes });
    if (!verdict.ok) return { response: refuse(verdict.rejection, verdict.traceId), deliver: undefined };
    const { payload, traceId, timestamp } = verdict;
    if (payload.op === OpCode.CallbackValidation) return { response: validation(payload, traceId), deliver: undefined };
    if (payload.op === OpCode.Dispatch) return dispatch(payload, traceId, () => signedRequestKey(timestamp, req.rawBody));
    counters?.increment("badFrames");
    logger.warn({ op: payload.op, traceId }, `acknowledged an unsupported webhook op ${payload.op} without delivering it`);
    return { response: ack(), deliver: undefined };
  };

  return {
    process,
    refuse,
    maxBodyBytes,
    signer,
    handle: async (req) => {
      let processed: ProcessedWebhook;
      try {
        processed = await process(req);
      } catch (err) {
        logger.error({ err: safeMessage(err, [options.clientSecret]) }, "webhook handler failed");
        return json(500, { error: "internal" });
      }
      const { deliver } = processed;
      if (deliver) scheduler.schedule(deliver, 0);
      return processed.response;
    },
  };
}
