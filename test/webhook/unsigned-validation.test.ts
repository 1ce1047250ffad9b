/**
 * op 13 (callback URL validation) without signature headers stays refused: answering it would
 * sign `event_ts + plain_token` chosen by anyone (a signing oracle, PROTOCOL.md A8). The 401's
 * log line says exactly that, and what to check; the answer signs nothing.
 */
import { filter, firstValueFrom, ReplaySubject, type Subscription } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import type { LoopEvent } from "../../src/transport/loop-events.js";
import { createCounters } from "../../src/stats.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import { createWebhookHandler } from "../../src/webhook/handler.js";
import type { WebhookListener } from "../../src/webhook/listen.js";
import { resolveWebhookOptions } from "../../src/webhook/options.js";
import { webhookTransport } from "../../src/webhook/webhook-transport.js";
import { APP_ID, recordingLogger, SECRET, signedCallback } from "./support.js";

const validation = { op: 13, d: { plain_token: "Arq0D5A61EgUu4OxUvOp", event_ts: "1725442341" } };
const unsigned = { "x-signature-ed25519": undefined, "x-signature-timestamp": undefined };

/** What the log line must say: the case, the reason, and where to look. */
function expectExplained(line: string | undefined, missing: string): void {
  expect(line).toContain("webhook request rejected: missing-signature");
  expect(line).toContain(`an op 13 callback URL validation came without ${missing}`);
  expect(line).toContain("signing oracle");
  expect(line).toContain("callback configuration in the QQ console");
  expect(line).toContain("reaches the bot unmodified");
  expect(line).toContain("client secret");
}

describe("webhook op 13 without signature headers", () => {
  it("is refused with 401, signs nothing, and the warning says why and what to check", async () => {
    const counters = createCounters();
    const logger = recordingLogger();
    const handler = createWebhookHandler({ appId: APP_ID, clientSecret: SECRET, counters, logger, onDispatch: () => undefined });
    const r = await handler.handle(signedCallback(validation, { overrides: unsigned }));
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ error: "missing-signature" });
    expect(r.body).not.toContain("signature\":");
    const warnings = logger.lines.filter((l) => l.startsWith("warn"));
    expect(warnings).toHaveLength(1);
    expectExplained(warnings[0], "X-Signature-Ed25519 and X-Signature-Timestamp");
    expect(logger.lines.join("\n")).not.toContain(SECRET);
    expect(counters.snapshot()).toMatchObject({ badFrames: 1, webhookRejected: 1 });

    const onlyTimestamp = await handler.handle(signedCallback(validation, { overrides: { "x-signature-ed25519": undefined } }));
    expect(onlyTimestamp.status).toBe(401);
    expectExplained(logger.lines.filter((l) => l.startsWith("warn"))[1], "X-Signature-Ed25519");
  });

  it("keeps the short reason for other unsigned requests (an op 0 without headers is not a validation)", async () => {
    const logger = recordingLogger();
    const handler = createWebhookHandler({ appId: APP_ID, clientSecret: SECRET, logger, onDispatch: () => undefined });
    expect((await handler.handle(signedCallback({ op: 0, id: "E", t: "C2C_MESSAGE_CREATE", d: {} }, { overrides: unsigned }))).status).toBe(401);
    const line = logger.lines.find((l) => l.startsWith("warn"));
    expect(line).toContain("webhook request rejected: missing-signature (no X-Signature-Ed25519 and X-Signature-Timestamp header)");
    expect(line).not.toContain("op 13");
  });

  describe("through the transport, from the simulated platform", () => {
    let platform: SimulatedPlatform | undefined;
    let subscription: Subscription | undefined;
    afterEach(async () => {
      subscription?.unsubscribe();
      await platform?.close();
    });

    it("fails the console's URL validation when a proxy strips the signature, and logs why", async () => {
      const p = await startSimulatedPlatform({ identifyWindowMs: 0 });
      platform = p;
      const logger = recordingLogger();
      const events = new ReplaySubject<LoopEvent>();
      const listening = new ReplaySubject<WebhookListener>(1);
      subscription = webhookTransport({
        appId: p.appId, clientSecret: p.clientSecret, logger, policy: { reconnectBackoffMs: [50], backoffJitter: 0 },
        options: resolveWebhookOptions({ port: 0, host: "127.0.0.1", path: "/qq" }),
        onListening: (l) => listening.next(l),
      }).subscribe(events);
      p.webhook.setCallbackUrl((await firstValueFrom(listening)).url);
      await firstValueFrom(events.pipe(filter((e) => e.type === "state" && e.change.state === "ready")));
      p.webhook.faults.badSignature("missing");
      const refused = await p.webhook.validate();
      expect(refused).toMatchObject({ ok: false, status: 401, body: { error: "missing-signature" } });
      expectExplained(logger.lines.find((l) => l.includes("webhook request rejected")), "X-Signature-Ed25519");
      expect((await p.webhook.validate()).ok).toBe(true); // signed: answered
    });
  });
});
