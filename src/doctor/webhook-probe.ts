/**
 * The op 13 callback URL validation, done the way the platform does it: a POST of
 * `{"op":13,"d":{"plain_token","event_ts"}}` signed with the bot's key (Ed25519 from the
 * secret, over timestamp + body; PROTOCOL.md Part D) and the platform's headers; the answer
 * must be HTTP 200 `{"plain_token", "signature"}` where `signature` signs `event_ts + plain_token`
 * with the same key.
 *
 * ```
 * doctor ──POST {op:13, d:{plain_token, event_ts}} (X-Signature-Ed25519 …)──► endpoint
 *        ◄── 200 {plain_token, signature: sign(event_ts + plain_token)} ────────┘   → "ok"
 * ```
 */
import { safeMessage } from "../errors.js";
import type { HttpResponse } from "../http/types.js";
import { OpCode } from "../protocol/opcodes.js";
import { createWebhookSigner } from "../webhook/signing.js";
import { WEBHOOK_HEADERS } from "../webhook/verify-request.js";
import type { DoctorIo } from "./context.js";

/** What the round trip needs. */
export interface WebhookProbeRequest {
  url: string;
  appId: string;
  clientSecret: string;
  timeoutMs: number;
}

/** How the endpoint answered. */
export type WebhookProbeResult =
  /** The right answer, in `ms`. */
  | { kind: "ok"; ms: number }
  /** No HTTP answer (refused, DNS, TLS, timeout). */
  | { kind: "no-answer"; reason: string }
  /** An HTTP status other than 200. */
  | { kind: "status"; status: number; excerpt: string }
  /** HTTP 200 without `{plain_token, signature}` echoing our token. */
  | { kind: "not-an-answer"; excerpt: string }
  /** The token came back, but the signature does not verify with this bot's key. */
  | { kind: "bad-signature" };

/** POST one signed op 13 to `request.url` and judge the answer; never rejects. */
export async function validateWebhook(request: WebhookProbeRequest, io: DoctorIo): Promise<WebhookProbeResult> {
  const signer = createWebhookSigner(request.clientSecret);
  const plainToken = io.randomHex(16);
  const eventTs = String(Math.floor(io.scheduler.now() / 1000));
  const body = JSON.stringify({ op: OpCode.CallbackValidation, d: { plain_token: plainToken, event_ts: eventTs } });
  const headers = {
    "content-type": "application/json",
    "user-agent": "QQBot-Callback",
    [WEBHOOK_HEADERS.appId]: request.appId,
    [WEBHOOK_HEADERS.method]: "Ed25519",
    [WEBHOOK_HEADERS.timestamp]: eventTs,
    [WEBHOOK_HEADERS.signature]: signer.sign(`${eventTs}${body}`),
  };
  const started = io.scheduler.now();
  let res: HttpResponse;
  try {
    res = await io.http.request({ method: "POST", url: request.url, headers, body, timeoutMs: request.timeoutMs });
  } catch (err) {
    return { kind: "no-answer", reason: safeMessage(err, [request.clientSecret]) };
  }
  const ms = io.scheduler.now() - started;
  const excerpt = res.text.replace(/\s+/g, " ").trim().slice(0, 120);
  if (res.status !== 200) return { kind: "status", status: res.status, excerpt };
  let answer: { plain_token?: unknown; signature?: unknown } | undefined;
  try {
    answer = JSON.parse(res.text) as typeof answer;
  } catch {
    answer = undefined;
  }
  if (typeof answer !== "object" || answer === null || answer.plain_token !== plainToken || typeof answer.signature !== "string") {
    return { kind: "not-an-answer", excerpt };
  }
  return signer.verify(`${eventTs}${plainToken}`, answer.signature) ? { kind: "ok", ms } : { kind: "bad-signature" };
}
