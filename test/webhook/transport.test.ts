/**
 * The webhook transport end to end over real HTTP, fed by the simulator's webhook delivery:
 * LoopEvent states, op 13, dispatches, retries after refusals, duplicates, routing, body cap,
 * listen retries, and the server closing on unsubscribe.
 */
import { once } from "node:events";
import { request } from "node:http";
import { createServer, connect } from "node:net";
import { filter, firstValueFrom, ReplaySubject, type Subscription } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import type { LoopEvent } from "../../src/transport/loop-events.js";
import { createCounters, type Counters } from "../../src/stats.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import { resolveWebhookOptions, type WebhookOptions } from "../../src/webhook/options.js";
import { webhookTransport, type WebhookTransportConfig } from "../../src/webhook/webhook-transport.js";
import type { WebhookListener } from "../../src/webhook/listen.js";
import { until } from "../helpers/until.js";
import { recordingLogger } from "./support.js";

const POLICY = { reconnectBackoffMs: [50, 100], backoffJitter: 0 };
let platform: SimulatedPlatform | undefined;
const subscriptions: Subscription[] = [];

afterEach(async () => {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  await platform?.close();
  platform = undefined;
});

interface Running {
  events: ReplaySubject<LoopEvent>;
  counters: Counters;
  listener: Promise<WebhookListener>;
  dispatched: () => string[];
  logger: ReturnType<typeof recordingLogger>;
  subscription: Subscription;
}

function run(p: SimulatedPlatform, options: Partial<WebhookOptions> = {}, extra: Partial<WebhookTransportConfig> = {}): Running {
  const events = new ReplaySubject<LoopEvent>();
  const counters = createCounters();
  const logger = recordingLogger();
  let resolveListener!: (l: WebhookListener) => void;
  const listener = new Promise<WebhookListener>((resolve) => (resolveListener = resolve));
  const subscription = webhookTransport({
    appId: p.appId, clientSecret: p.clientSecret, policy: POLICY, counters, logger,
    options: resolveWebhookOptions({ port: 0, host: "127.0.0.1", path: "/qq", ...options }),
    onListening: (l) => resolveListener(l),
    ...extra,
  }).subscribe(events);
  subscriptions.push(subscription);
  const seen: string[] = [];
  events.subscribe((e) => {
    if (e.type === "dispatch") seen.push(e.payload.id ?? "?");
  });
  return { events, counters, listener, dispatched: () => [...seen], logger, subscription };
}

const states = (events: ReplaySubject<LoopEvent>): string[] => {
  const out: string[] = [];
  events.subscribe((e) => e.type === "state" && out.push(e.change.state)).unsubscribe();
  return out;
};

async function started(retryDelaysMs = [30, 60]): Promise<{ p: SimulatedPlatform; r: Running; url: string }> {
  const p = await startSimulatedPlatform({ identifyWindowMs: 0, webhook: { retryDelaysMs, ackTimeoutMs: 5000 } });
  platform = p;
  const r = run(p);
  const { url } = await r.listener;
  p.webhook.setCallbackUrl(url);
  return { p, r, url };
}

describe("webhook transport", () => {
  it("goes connecting → ready (listening on its URL), answers op 13, and emits dispatches", async () => {
    const { p, r, url } = await started();
    const ready = await firstValueFrom(r.events.pipe(filter((e) => e.type === "state" && e.change.state === "ready")));
    expect(ready.type === "state" && ready.change.reason).toBe(`listening on ${url}`);
    expect(states(r.events)).toEqual(["connecting", "ready"]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/qq$/);

    const validation = await p.webhook.validate();
    expect(validation.ok).toBe(true);

    const dispatch = firstValueFrom(r.events.pipe(filter((e) => e.type === "dispatch")));
    const delivery = await p.webhook.pushMessage("c2c", { content: "hello over webhook" });
    expect(delivery.acked).toBe(true);
    expect(delivery.attempts.map((a) => a.status)).toEqual([200]);
    const e = await dispatch;
    expect(e.type === "dispatch" && e).toMatchObject({ shard: 0, payload: { op: 0, id: delivery.id, t: "C2C_MESSAGE_CREATE", s: delivery.seq, d: { content: "hello over webhook" } } });
  });

  it("refused deliveries (bad signature, stale timestamp, wrong app id) are retried by the platform and delivered once", async () => {
    const { p, r } = await started();
    p.webhook.faults.badSignature("tampered-body");
    const a = await p.webhook.pushMessage("group");
    p.webhook.faults.staleTimestamp(10 * 60_000);
    const b = await p.webhook.pushMessage("group");
    p.webhook.faults.wrongAppId();
    const c = await p.webhook.pushMessage("group");
    p.webhook.faults.badSignature("missing");
    const d = await p.webhook.pushMessage("group");
    expect([a, b, c, d].map((x) => x.attempts.map((t) => t.status))).toEqual([[401, 200], [401, 200], [403, 200], [401, 200]]);
    await until(() => r.dispatched().length === 4);
    expect(r.dispatched()).toEqual([a.id, b.id, c.id, d.id]);
    expect(r.counters.snapshot().badFrames).toBe(4);
    const rejected = r.logger.lines.filter((l) => l.includes("webhook request rejected"));
    expect(rejected.map((l) => l.match(/rejected: (\S+)/)?.[1])).toEqual(["bad-signature", "stale-timestamp", "wrong-app-id", "missing-signature"]);
    expect(r.logger.lines.join("\n")).not.toContain(p.clientSecret);
  });

  it("drops duplicate deliveries and lost-ACK retries by event id", async () => {
    const { p, r } = await started();
    p.webhook.faults.duplicate(3);
    const a = await p.webhook.pushMessage("c2c");
    p.webhook.faults.ignoreAck();
    const b = await p.webhook.pushMessage("c2c");
    expect(a.attempts).toHaveLength(4);
    expect(b.attempts.map((t) => t.faults.includes("ack-ignored"))).toEqual([true, false]);
    // Every copy was answered, and the transport delivers on the answer's "finish": nothing more can come.
    await until(() => r.dispatched().length >= 2);
    expect(r.dispatched()).toEqual([a.id, b.id]);
    expect(r.counters.snapshot().duplicatesDropped).toBe(4);
  });

  it("serves only POST on its path and refuses a declared oversized body with 413 before reading it", async () => {
    const p = await startSimulatedPlatform({ identifyWindowMs: 0 });
    platform = p;
    const r = run(p, { maxBodyBytes: 256 });
    const { port } = await r.listener;
    expect((await raw(port, "POST", "/other", "{}")).status).toBe(404);
    const get = await raw(port, "GET", "/qq");
    expect(get.status).toBe(405);
    expect(get.headers["allow"]).toBe("POST");
    const big = await raw(port, "POST", "/qq", "{".repeat(300));
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toEqual({ error: "body-too-large" });
    const chunked = await raw(port, "POST", "/qq", "{".repeat(300), { chunked: true });
    expect(chunked.status).toBe(413);
    expect(r.counters.snapshot().badFrames).toBe(2);
    expect(r.dispatched()).toEqual([]);
  });

  it("retries a failed listen on the backoff, visibly, and becomes ready once the port is free", async () => {
    const p = await startSimulatedPlatform({ identifyWindowMs: 0 });
    platform = p;
    const blocker = createServer();
    blocker.listen(0, "127.0.0.1");
    await once(blocker, "listening");
    const port = (blocker.address() as { port: number }).port;
    const r = run(p, { port });
    const retrying = await firstValueFrom(r.events.pipe(filter((e) => e.type === "state" && e.change.state === "reconnecting")));
    expect(retrying.type === "state" && retrying.change).toMatchObject({ retryInMs: 50, reason: expect.stringContaining("EADDRINUSE") });
    blocker.close();
    const listener = await r.listener;
    expect(listener.port).toBe(port);
    await firstValueFrom(r.events.pipe(filter((e) => e.type === "state" && e.change.state === "ready")));
    expect(states(r.events).slice(0, 3)).toEqual(["connecting", "reconnecting", "connecting"]);
  });

  it("listens anyway (warning) when the bot user cannot be looked up", async () => {
    const p = await startSimulatedPlatform({ identifyWindowMs: 0 });
    platform = p;
    const r = run(p, {}, { fetchBotUser: () => Promise.reject(new Error("token endpoint down")) });
    await firstValueFrom(r.events.pipe(filter((e) => e.type === "state" && e.change.state === "ready")));
    let sawReadyEvent = false;
    r.events.subscribe((e) => (sawReadyEvent ||= e.type === "ready")).unsubscribe();
    expect(sawReadyEvent).toBe(false);
    expect(r.logger.lines.some((l) => l.startsWith("warn") && l.includes("could not look up the bot user"))).toBe(true);
  });

  it("looks the bot user up before it listens, and closes the port on unsubscribe", async () => {
    const p = await startSimulatedPlatform({ identifyWindowMs: 0 });
    platform = p;
    const r = run(p, {}, { fetchBotUser: async () => ({ id: p.botUser.id, username: p.botUser.username }) });
    await firstValueFrom(r.events.pipe(filter((e) => e.type === "state" && e.change.state === "ready")));
    const order: string[] = [];
    r.events.subscribe((e) => order.push(e.type === "state" ? `state ${e.change.state}` : e.type)).unsubscribe();
    expect(order).toEqual(["state connecting", "ready", "state ready"]);
    const ready = await firstValueFrom(r.events.pipe(filter((e) => e.type === "ready")));
    expect(ready).toMatchObject({ type: "ready", resumed: false, shard: 0, user: { id: p.botUser.id } });
    const { port, server } = await r.listener;
    r.subscription.unsubscribe();
    await until(() => !server.listening);
    const socket = connect(port, "127.0.0.1");
    const [err] = (await once(socket, "error")) as [NodeJS.ErrnoException];
    expect(err.code).toBe("ECONNREFUSED");
  });
});

/** A plain HTTP request; `chunked` sends the body without Content-Length. */
function raw(port: number, method: string, path: string, body?: string, opts: { chunked?: boolean } = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const headers: Record<string, string> = body !== undefined && !opts.chunked ? { "content-length": String(Buffer.byteLength(body)) } : {};
    const req = request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on("error", reject);
    if (body !== undefined && opts.chunked) for (let i = 0; i < body.length; i += 100) req.write(body.slice(i, i + 100));
    req.end(body !== undefined && !opts.chunked ? body : undefined);
  });
}
