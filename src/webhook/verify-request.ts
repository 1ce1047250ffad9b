/**
 * Is this HTTP callback genuine, fresh, for this bot, and a payload at all? Pure checks over
 * `{ headers, rawBody }`, cheapest first, nothing parsed before the size and the signature pass
 * (except a look into a small unsigned body, to say so when it is an op 13 URL validation):
 *
 * ```
 * size ≤ maxBodyBytes ─no─► 413 body-too-large
 * X-Bot-Appid = appId ─no─► 403 wrong-app-id
 * X-Signature-Ed25519 / -Timestamp present, method Ed25519 ─no─► 401 missing-signature | bad-signature-method | bad-timestamp
 *                                  (an unsigned op 13 is refused too, never answered: see PROTOCOL A8)
 * |now − timestamp| ≤ tolerance ─no─► 401 stale-timestamp
 * Ed25519(timestamp + rawBody) valid ─no─► 401 bad-signature
 * JSON object with an integer op ─no─► 400 bad-json | bad-payload
 * ```
 */
import type { GatewayPayload } from "../protocol/payloads.js";
import type { WebhookSigner } from "./signing.js";

/** Request headers: Node's lower-cased record, or anything with `get` (fetch `Headers`). */
export type WebhookHeaders =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | {
      /** One header's value, or `null` when absent (fetch `Headers.get`). */
      get(name: string): string | null;
    };

/** A callback as any HTTP framework can describe it. `rawBody` must be the bytes as received. */
export interface WebhookRequest {
  /** The request headers; `X-Bot-Appid`, `X-Signature-Ed25519` and `X-Signature-Timestamp` are read. */
  headers: WebhookHeaders;
  /** The body exactly as received: the signature covers these bytes. */
  rawBody: Uint8Array | string;
}

/** Why a callback was refused. */
export type WebhookRejectReason =
  | "body-too-large"
  | "wrong-app-id"
  | "missing-signature"
  | "bad-signature-method"
  | "bad-timestamp"
  | "stale-timestamp"
  | "bad-signature"
  | "bad-json"
  | "bad-payload";

/** A refusal: HTTP status, stable reason, and a short detail safe to log (no body, no secret). */
export interface WebhookRejection {
  /** HTTP status to answer with. */
  status: 400 | 401 | 403 | 413;
  /** Stable reason. */
  reason: WebhookRejectReason;
  /** Short detail, safe to log. */
  detail: string;
}

/** Outcome of {@link verifyWebhookRequest}. */
export type WebhookVerification =
  | {
      /** The request passed every check. */
      ok: true;
      /** The parsed payload. */
      payload: GatewayPayload;
      /** The signed `X-Signature-Timestamp` (unix seconds). */
      timestamp: string;
      /** The platform's `X-Tps-trace-ID`, when sent. */
      traceId: string | undefined;
    }
  | {
      /** The request was refused. */
      ok: false;
      /** Why, and what to answer. */
      rejection: WebhookRejection;
      /** The platform's `X-Tps-trace-ID`, when sent. */
      traceId: string | undefined;
    };

/** What the checks need. */
export interface VerifyContext {
  /** Verifies signatures with the key derived from the client secret. */
  signer: WebhookSigner;
  /** Expected `X-Bot-Appid`. */
  appId: string;
  /** Current time in ms (the caller's scheduler). */
  nowMs: number;
  /** Largest accepted distance between `X-Signature-Timestamp` and `nowMs`. */
  toleranceMs: number;
  /** Larger bodies are refused with 413. */
  maxBodyBytes: number;
}

/** The headers the platform sets on every callback (lower case). */
export const WEBHOOK_HEADERS = {
  appId: "x-bot-appid",
  signature: "x-signature-ed25519",
  timestamp: "x-signature-timestamp",
  method: "x-signature-method",
  traceId: "x-tps-trace-id",
} as const;

/** One header's value, case-insensitively; the first of a repeated header. */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  let value = record[name];
  if (value === undefined) {
    const key = Object.keys(record).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : record[key];
  }
  return typeof value === "string" ? value : value?.[0];
}

const reject = (status: WebhookRejection["status"], reason: WebhookRejectReason, detail: string): WebhookRejection => ({ status, reason, detail });

/**
 * Check a callback: size, `X-Bot-Appid`, signature headers, timestamp freshness, the Ed25519
 * signature over timestamp + raw body, then the JSON payload, cheapest first. Never throws:
 * a failed check is `{ ok: false, rejection }` with the status to answer.
 */
export function verifyWebhookRequest(req: WebhookRequest, ctx: VerifyContext): WebhookVerification {
  const traceId = headerValue(req.headers, WEBHOOK_HEADERS.traceId);
  const body = typeof req.rawBody === "string" ? Buffer.from(req.rawBody, "utf8") : Buffer.from(req.rawBody.buffer, req.rawBody.byteOffset, req.rawBody.byteLength);
  const fail = (rejection: WebhookRejection): WebhookVerification => ({ ok: false, rejection, traceId });

  if (body.length > ctx.maxBodyBytes) return fail(reject(413, "body-too-large", `body of ${body.length} bytes exceeds ${ctx.maxBodyBytes}`));
  const appId = headerValue(req.headers, WEBHOOK_HEADERS.appId);
  if (appId !== ctx.appId) return fail(reject(403, "wrong-app-id", appId === undefined ? "no X-Bot-Appid header" : `X-Bot-Appid ${JSON.stringify(appId.slice(0, 32))} is not this bot`));

  const signature = headerValue(req.headers, WEBHOOK_HEADERS.signature);
  const timestamp = headerValue(req.headers, WEBHOOK_HEADERS.timestamp);
  if (!signature || !timestamp) {
    const missing = [signature ? undefined : "X-Signature-Ed25519", timestamp ? undefined : "X-Signature-Timestamp"].filter(Boolean).join(" and ");
    return fail(reject(401, "missing-signature", isValidationRequest(body) ? unsignedValidationDetail(missing) : `no ${missing} header`));
  }
  const method = headerValue(req.headers, WEBHOOK_HEADERS.method);
  if (method !== undefined && method.toLowerCase() !== "ed25519") return fail(reject(401, "bad-signature-method", `X-Signature-Method ${JSON.stringify(method.slice(0, 20))} is not Ed25519`));
  if (!/^\d{1,12}$/.test(timestamp)) return fail(reject(401, "bad-timestamp", "X-Signature-Timestamp is not unix seconds"));
  const skewMs = Math.abs(ctx.nowMs - Number(timestamp) * 1000);
  if (skewMs > ctx.toleranceMs) return fail(reject(401, "stale-timestamp", `timestamp is ${Math.round(skewMs / 1000)} s from now (tolerance ${Math.round(ctx.toleranceMs / 1000)} s)`));
  if (!ctx.signer.verify(Buffer.concat([Buffer.from(timestamp, "utf8"), body]), signature)) {
    return fail(reject(401, "bad-signature", "Ed25519 signature does not match timestamp + body"));
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return fail(reject(400, "bad-json", `body (${body.length} bytes) is not JSON`));
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return fail(reject(400, "bad-payload", "body is not a JSON object"));
  const payload = parsed as GatewayPayload;
  if (typeof payload.op !== "number" || !Number.isInteger(payload.op)) return fail(reject(400, "bad-payload", "payload has no integer op"));
  return { ok: true, payload, timestamp, traceId };
}

/** Largest unsigned body looked into for an op 13 (validation requests are a few dozen bytes). */
const PEEK_MAX_BYTES = 4096;

/** Whether an (unsigned, unverified) small body is an op 13 URL validation: only to explain the refusal. */
function isValidationRequest(body: Buffer): boolean {
  if (body.length > PEEK_MAX_BYTES) return false;
  try {
    return (JSON.parse(body.toString("utf8")) as { op?: unknown } | null)?.op === 13;
  } catch {
    return false;
  }
}

/** Why an unsigned op 13 is refused, and what to check (PROTOCOL.md A8 "Webhook op 13"). */
function unsignedValidationDetail(missing: string): string {
  return (
    `an op 13 callback URL validation came without ${missing}. qqbot-rx answers only signed validations: ` +
    "answering an unsigned one would sign event_ts + plain_token chosen by whoever sent it, making the bot a signing oracle " +
    "(a dispatch signature covers timestamp + body the same way). The platform signs every callback: check the callback " +
    "configuration in the QQ console, that the request reaches the bot unmodified (no proxy or gateway stripping the " +
    "X-Signature-* headers), and the client secret"
  );
}
