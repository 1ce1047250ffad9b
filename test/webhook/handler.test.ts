/**
 * The framework-neutral handler: op 13 round trip, op 0 ACKed before delivery, every refusal
 * (signature, timestamp, app id, size, JSON) answered, counted, logged without secrets, and
 * nothing delivered; unknown ops acknowledged and counted; duplicates dropped.
 */
import { createPrivateKey, createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCounters } from "../../src/stats.js";
import { createWebhookHandler, type WebhookDispatch } from "../../src/webhook/handler.js";
import { APP_ID, dispatchPayload, nowSeconds, recordingLogger, SECRET, signedCallback } from "./support.js";

function setup(options: { maxBodyBytes?: number } = {}) {
  const counters = createCounters();
  const logger = recordingLogger();
  const delivered: WebhookDispatch[] = [];
  const handler = createWebhookHandler({ appId: APP_ID, clientSecret: SECRET, counters, logger, onDispatch: (p) => delivered.push(p), ...options });
  return { handler, counters, logger, delivered };
}

/** Resolve after pending macrotasks (the handler delivers on a 0 ms timer). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

describe("webhook handler: op 13 and op 0", () => {
  it("answers op 13 with the plain_token and a signature of event_ts + plain_token that verifies", async () => {
    const { handler, delivered } = setup();
    const r = await handler.handle(signedCallback({ op: 13, d: { plain_token: "Arq0D5A61EgUu4OxUvOp", event_ts: "1725442341" } }));
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(r.body) as { plain_token: string; signature: string };
    expect(body.plain_token).toBe("Arq0D5A61EgUu4OxUvOp");
    let text = SECRET;
    while (text.length < 32) text += SECRET;
    const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(text).subarray(0, 32)]);
    const publicKey = createPublicKey(createPrivateKey({ key: der, format: "der", type: "pkcs8" }));
    expect(verify(null, Buffer.from("1725442341Arq0D5A61EgUu4OxUvOp"), publicKey, Buffer.from(body.signature, "hex"))).toBe(true);
    await settle();
    expect(delivered).toEqual([]);
  });

  it("acknowledges op 0 with op 12 and delivers it only after the answer is out", async () => {
    const { handler, delivered, counters } = setup();
    const r = await handler.handle(signedCallback(dispatchPayload("E1")));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ op: 12, d: 0 });
    expect(delivered).toHaveLength(0); // not yet: the framework writes the answer first
    await settle();
    expect(delivered.map((p) => p.id)).toEqual(["E1"]);
    expect(delivered[0]?.t).toBe("C2C_MESSAGE_CREATE");
    expect(counters.snapshot().framesIn).toBe(1);
    expect(counters.snapshot().badFrames).toBe(0);
  });

  it("delivers an event id once, acknowledging every copy", async () => {
    const { handler, delivered, counters } = setup();
    const answers = await Promise.all([1, 2, 3].map(() => handler.handle(signedCallback(dispatchPayload("DUP")))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await handler.handle(signedCallback(dispatchPayload("OTHER")));
    await settle();
    expect(delivered.map((p) => p.id)).toEqual(["DUP", "OTHER"]);
    expect(counters.snapshot().duplicatesDropped).toBe(2);
  });

  it("accepts fetch-style Headers and a timestamp 4 minutes old", async () => {
    const { handler, delivered } = setup();
    const old = String(Math.floor(Date.now() / 1000) - 240);
    const { headers, rawBody } = signedCallback(dispatchPayload("H1"), { timestamp: old });
    const r = await handler.handle({ headers: new Headers(headers), rawBody });
    expect(r.status).toBe(200);
    await settle();
    expect(delivered).toHaveLength(1);
  });

  it("acknowledges unknown ops without delivering them, and counts them", async () => {
    const { handler, delivered, counters, logger } = setup();
    for (const op of [99, 1, 7]) {
      const r = await handler.handle(signedCallback({ op, d: null }));
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toEqual({ op: 12, d: 0 });
    }
    await settle();
    expect(delivered).toEqual([]);
    expect(counters.snapshot().badFrames).toBe(3);
    expect(logger.lines.filter((l) => l.startsWith("warn") && l.includes("unsupported webhook op 99"))).toHaveLength(1);
  });
});

describe("webhook handler: refusals", () => {
  const payload = dispatchPayload("R1");
  const body = Buffer.from(JSON.stringify(payload));
  const staleTs = String(Math.floor(Date.now() / 1000) - 10 * 60);
  const futureTs = String(Math.floor(Date.now() / 1000) + 10 * 60);
  const cases: [string, () => ReturnType<typeof signedCallback>, number, string][] = [
    ["no signature header", () => signedCallback(payload, { overrides: { "x-signature-ed25519": undefined } }), 401, "missing-signature"],
    ["no timestamp header", () => signedCallback(payload, { overrides: { "x-signature-timestamp": undefined } }), 401, "missing-signature"],
    ["a tampered body", () => ({ ...signedCallback(payload), rawBody: Buffer.from(JSON.stringify({ ...payload, s: 2 })) }), 401, "bad-signature"],
    ["a tampered timestamp", () => {
      const ts = nowSeconds();
      return signedCallback(payload, { timestamp: ts, overrides: { "x-signature-timestamp": String(Number(ts) - 1) } });
    }, 401, "bad-signature"],
    ["another bot's key", () => signedCallback(payload, { secret: "someone-elses-secret" }), 401, "bad-signature"],
    ["a signature that is not hex", () => signedCallback(payload, { overrides: { "x-signature-ed25519": "zz".repeat(64) } }), 401, "bad-signature"],
    ["another signature method", () => signedCallback(payload, { overrides: { "x-signature-method": "HMAC-SHA256" } }), 401, "bad-signature-method"],
    ["a non-numeric timestamp", () => signedCallback(payload, { timestamp: "yesterday" }), 401, "bad-timestamp"],
    ["a timestamp 10 min old (validly signed)", () => signedCallback(payload, { timestamp: staleTs }), 401, "stale-timestamp"],
    ["a timestamp 10 min ahead (validly signed)", () => signedCallback(payload, { timestamp: futureTs }), 401, "stale-timestamp"],
    ["another app id", () => signedCallback(payload, { appId: "102000778" }), 403, "wrong-app-id"],
    ["no app id", () => signedCallback(payload, { overrides: { "x-bot-appid": undefined } }), 403, "wrong-app-id"],
    ["a body over the limit (non-JSON, so refused before parsing)", () => signedCallback(null, { rawBody: Buffer.alloc(2048, "{") }), 413, "body-too-large"],
    ["a non-JSON body", () => signedCallback(null, { rawBody: Buffer.from("op=0&t=C2C_MESSAGE_CREATE") }), 400, "bad-json"],
    ["a JSON array", () => signedCallback([payload]), 400, "bad-payload"],
    ["no op", () => signedCallback({ d: {}, t: "C2C_MESSAGE_CREATE" }), 400, "bad-payload"],
    ["op 0 without t", () => signedCallback({ op: 0, id: "X", d: {} }), 400, "bad-payload"],
    ["op 13 without plain_token", () => signedCallback({ op: 13, d: { event_ts: "1" } }), 400, "bad-payload"],
  ];

  it.each(cases)("refuses %s: status, counted, logged without secrets, nothing delivered", async (_name, make, status, reason) => {
    const { handler, delivered, counters, logger } = setup({ maxBodyBytes: 1024 });
    expect(body.length).toBeLessThan(1024);
    const r = await handler.handle(make());
    expect(r.status).toBe(status);
    expect(JSON.parse(r.body)).toEqual({ error: reason });
    await settle();
    expect(delivered).toEqual([]);
    expect(counters.snapshot().badFrames).toBe(1);
    expect(counters.snapshot().webhookRejected).toBe(1);
    const warnings = logger.lines.filter((l) => l.startsWith("warn"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`webhook request rejected: ${reason}`);
    expect(warnings[0]).toContain("trace-0001");
    expect(logger.lines.join("\n")).not.toContain(SECRET);
  });

  it("still accepts the same event after refusing a forged copy of it (a refusal claims nothing)", async () => {
    const { handler, delivered } = setup();
    expect((await handler.handle(signedCallback(payload, { secret: "forger" }))).status).toBe(401);
    expect((await handler.handle(signedCallback(payload))).status).toBe(200);
    await settle();
    expect(delivered.map((p) => p.id)).toEqual(["R1"]);
  });
});
