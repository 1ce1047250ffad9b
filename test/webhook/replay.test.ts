/**
 * Replays of signed callbacks: an event without an id (no envelope `id`, no data `id`) is keyed
 * by a SHA-256 of its signed timestamp + raw body, so the same signed request sent again inside
 * the timestamp window is acknowledged and dropped, over the handler and over real HTTP.
 */
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { createCounters } from "../../src/stats.js";
import { signedRequestKey } from "../../src/webhook/claim.js";
import { createWebhookHandler, type WebhookDispatch } from "../../src/webhook/handler.js";
import { listen } from "../../src/webhook/listen.js";
import { nodeWebhookListener } from "../../src/webhook/node-handler.js";
import { APP_ID, nowSeconds, recordingLogger, SECRET, signedCallback } from "./support.js";

/** An event the platform sends without any id (a FRIEND_ADD carries only openids and a timestamp). */
const friendAdd = (openid: string) => ({ op: 0, t: "FRIEND_ADD", d: { openid, timestamp: 1_725_442_341 } });

function setup() {
  const counters = createCounters();
  const logger = recordingLogger();
  const delivered: WebhookDispatch[] = [];
  const handler = createWebhookHandler({ appId: APP_ID, clientSecret: SECRET, counters, logger, onDispatch: (p) => delivered.push(p) });
  return { handler, counters, logger, delivered };
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

describe("webhook replays of events without an id", () => {
  it("drops a replay of the same signed request inside the timestamp window, acknowledging it", async () => {
    const { handler, counters, delivered } = setup();
    const original = signedCallback(friendAdd("U1"));
    const answers = [await handler.handle(original), await handler.handle({ headers: { ...original.headers }, rawBody: Buffer.from(original.rawBody) })];
    expect(answers.map((a) => [a.status, JSON.parse(a.body)])).toEqual([[200, { op: 12, d: 0 }], [200, { op: 12, d: 0 }]]);
    // a replay 4 minutes later is still inside the 5-minute window: same timestamp, same bytes
    const old = String(Number(nowSeconds()) - 240);
    const earlier = signedCallback(friendAdd("U2"), { timestamp: old });
    await handler.handle(earlier);
    await handler.handle(earlier);
    await settle();
    expect(delivered.map((p) => (p.d as { openid: string }).openid)).toEqual(["U1", "U2"]);
    expect(counters.snapshot().duplicatesDropped).toBe(2);
  });

  it("delivers distinct id-less events, and the same content signed at another time (it is a new request)", async () => {
    const { handler, delivered } = setup();
    const ts = Number(nowSeconds());
    await handler.handle(signedCallback(friendAdd("A"), { timestamp: String(ts) }));
    await handler.handle(signedCallback(friendAdd("B"), { timestamp: String(ts) }));
    await handler.handle(signedCallback(friendAdd("A"), { timestamp: String(ts - 1) }));
    await settle();
    expect(delivered.map((p) => (p.d as { openid: string }).openid)).toEqual(["A", "B", "A"]);
  });

  it("keys by timestamp and raw bytes: the same JSON with other whitespace is another key", () => {
    const key = signedRequestKey("1725442341", Buffer.from('{"op":0}'));
    expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(signedRequestKey("1725442341", '{"op":0}')).toBe(key);
    expect(signedRequestKey("1725442342", '{"op":0}')).not.toBe(key);
    expect(signedRequestKey("1725442341", '{"op": 0}')).not.toBe(key);
  });

  it("drops a replay sent over HTTP to the built-in listener", async () => {
    const { handler, counters, delivered } = setup();
    const listener = await listen({ port: 0, host: "127.0.0.1", path: "/qq" }, nodeWebhookListener(handler, { path: "/qq" }));
    try {
      const captured = signedCallback(friendAdd("U3"));
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await post(listener.port, captured.headers, captured.rawBody));
      expect(statuses).toEqual([200, 200, 200]);
      await settle();
      expect(delivered).toHaveLength(1);
      expect(counters.snapshot().duplicatesDropped).toBe(2);
    } finally {
      await listener.close();
    }
  });
});

function post(port: number, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/qq", headers: { ...headers, "content-length": String(body.length) }, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}
