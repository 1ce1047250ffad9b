/**
 * Webhook delivery by the simulated platform (PROTOCOL.md Part D): signed POSTs of
 * `{id, op, d, s, t}` to the callback URL, retried until the bot answers op 12, plus op 13
 * URL validation. Several callback URLs act as a load balancer: each POST goes to one at random.
 *
 * ```
 * pushEvent ─► copies (1 + duplicate fault) ─► POST ─► 200 {op:12}? ─yes─► acked
 *                                               │no (status, timeout, ignoreAck fault)
 *                                               └─► wait retryDelaysMs[i] ─► POST again (until they run out)
 * ```
 */
import { setMaxListeners } from "node:events";
import { Agent } from "node:http";
import { OpCode } from "../protocol/opcodes.js";
import type { PlatformContext } from "./context.js";
import { randomEventId, randomHex, randomTraceId } from "./ids.js";
import { buildMessage } from "./payload-factory.js";
import { createWebhookFaults, WebhookFaultState, type WebhookSignatureFault } from "./webhook-faults.js";
import { postCallback, type CallbackAnswer } from "./webhook-post.js";
import { platformSigningKey } from "./webhook-signer.js";
import type { SimulatedWebhook, WebhookAttempt, WebhookDelivery, WebhookStats, WebhookValidation } from "./webhook-types.js";

export type { SimulatedWebhook, WebhookAttempt, WebhookDelivery, WebhookStats, WebhookValidation } from "./webhook-types.js";

/** Webhook delivery for one platform; `close()` aborts POSTs and pending retries. */
export function createSimulatedWebhook(ctx: PlatformContext): SimulatedWebhook & { close(): void } {
  const { options } = ctx;
  const { ackTimeoutMs, retryDelaysMs } = options.webhook;
  let urls: string[] = [...options.webhook.callbackUrls];
  const key = platformSigningKey(options.clientSecret);
  const wrongKey = platformSigningKey(`${options.clientSecret}-not`);
  const faultState = new WebhookFaultState();
  const agent = new Agent({ keepAlive: true });
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one listener per POST in flight; storms have hundreds
  const waits = new Set<() => void>();
  const deliveries: WebhookDelivery[] = [];
  const stats: WebhookStats = { events: 0, posts: 0, acked: 0, retries: 0, refused: 0, unanswered: 0, validations: 0 };
  let seq = 0;

  const pickUrl = (): string => {
    if (urls.length === 0) throw new Error("no webhook callback URL: pass webhook.callbackUrl or call platform.webhook.setCallbackUrl()");
    return urls[Math.floor(Math.random() * urls.length)]!;
  };
  const wait = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const done = (): void => {
        waits.delete(done);
        resolve();
      };
      waits.add(done);
      ctx.timers.after(ms, done);
    });

  /** Sign and POST once, applying the attempt faults. */
  const post = async (url: string, payload: object): Promise<{ answer: CallbackAnswer; faults: string[] }> => {
    const applied: string[] = [];
    let body = Buffer.from(JSON.stringify(payload), "utf8");
    const age = faultState.stale.take();
    if (age !== undefined) applied.push(`stale-timestamp:${age}`);
    const timestamp = String(Math.floor((options.now() - (age ?? 0)) / 1000));
    const broken: WebhookSignatureFault | undefined = faultState.signature.take();
    let signature = (broken === "wrong-key" ? wrongKey : key).sign(timestamp, body);
    let sentTimestamp = timestamp;
    if (broken) applied.push(`signature:${broken}`);
    if (broken === "tampered-body") body = Buffer.from(JSON.stringify({ ...payload, tampered: true }), "utf8");
    if (broken === "tampered-timestamp") sentTimestamp = String(Number(timestamp) - 1);
    if (broken === "malformed") signature = "not-a-signature";
    const wrongApp = faultState.wrongAppId.take();
    if (wrongApp) applied.push("wrong-app-id");
    const headers: Record<string, string> = {
      "user-agent": "QQBot-Callback",
      "x-bot-appid": wrongApp ? `${options.appId}9` : options.appId,
      "x-tps-trace-id": randomTraceId(),
      "x-signature-method": "Ed25519",
      "x-signature-timestamp": sentTimestamp,
    };
    if (broken !== "missing") headers["x-signature-ed25519"] = signature;
    stats.posts += 1;
    const answer = await postCallback(agent, url, headers, body, ackTimeoutMs, abort.signal);
    return { answer, faults: applied };
  };

  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };

  /** One copy of an event: POST, retried on the configured delays until acknowledged. */
  const deliverCopy = async (payload: object): Promise<WebhookAttempt[]> => {
    const attempts: WebhookAttempt[] = [];
    for (let i = 0; !abort.signal.aborted; i++) {
      const url = pickUrl();
      const { answer, faults } = await post(url, payload);
      const body = parse(answer.text);
      let acked = answer.status === 200 && (body as { op?: unknown } | null)?.op === OpCode.HttpCallbackAck;
      if (acked && faultState.ignoreAck.take()) {
        acked = false;
        faults.push("ack-ignored");
      }
      if (answer.status === 0) stats.unanswered += 1;
      else if (answer.status !== 200) stats.refused += 1;
      if (acked) stats.acked += 1;
      attempts.push({ url, status: answer.status, acked, latencyMs: answer.latencyMs, body, faults, ...(answer.error ? { error: answer.error } : {}) });
      const delay = retryDelaysMs[i];
      if (acked || delay === undefined) break;
      stats.retries += 1;
      await wait(delay);
    }
    return attempts;
  };

  const pushEvent = async (type: string, d: unknown): Promise<WebhookDelivery> => {
    const id = randomEventId(type);
    seq += 1;
    ctx.ledger.recordPush(type, id, d, options.now());
    ctx.stats.eventsPushed += 1;
    stats.events += 1;
    const payload = { op: OpCode.Dispatch, id, d, s: seq, t: type };
    const copies = 1 + (faultState.duplicate.take() ?? 0);
    const delivery: WebhookDelivery = { id, type, d, seq, attempts: [], acked: false };
    deliveries.push(delivery);
    const runs = await Promise.all(Array.from({ length: copies }, () => deliverCopy(payload)));
    delivery.attempts = runs.flat();
    delivery.acked = delivery.attempts.some((a) => a.acked);
    return delivery;
  };

  const validate = async (url?: string): Promise<WebhookValidation> => {
    stats.validations += 1;
    const plainToken = randomHex(16);
    const eventTs = String(Math.floor(options.now() / 1000));
    const { answer } = await post(url ?? pickUrl(), { op: OpCode.CallbackValidation, d: { plain_token: plainToken, event_ts: eventTs } });
    const body = parse(answer.text) as { plain_token?: unknown; signature?: unknown } | string;
    const base = { status: answer.status, plainToken, eventTs, body };
    if (answer.status !== 200) return { ...base, ok: false, reason: `status ${answer.status}${answer.error ? ` (${answer.error})` : ""}` };
    if (typeof body !== "object" || body === null || body.plain_token !== plainToken) return { ...base, ok: false, reason: "plain_token not echoed" };
    if (!key.verifyAnswer(`${eventTs}${plainToken}`, body.signature)) return { ...base, ok: false, reason: "signature does not verify" };
    return { ...base, ok: true };
  };

  return {
    setCallbackUrl: (url) => {
      urls = typeof url === "string" ? [url] : [...url];
    },
    get callbackUrls() {
      return [...urls];
    },
    validate,
    pushEvent,
    pushMessage: (kind, fields) => {
      const { type, d } = buildMessage(kind, ctx.scene, options.botUser, options.now(), fields);
      return pushEvent(type, d);
    },
    deliveries,
    faults: createWebhookFaults(faultState),
    stats: () => ({ ...stats }),
    close: () => {
      abort.abort();
      for (const done of [...waits]) done();
      agent.destroy();
    },
  };
}
