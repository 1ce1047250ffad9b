/**
 * Three webhook instances behind a load balancer (the simulator posts each copy to one at
 * random), every event sent four times at once plus lost-ACK retries: with one Redis shared by
 * the instances each event reaches the apps exactly once. With per-instance memory the same
 * traffic gets duplicates through — the control that shows the claim is what does it.
 */
import { filter, Subject, type Subscription } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import type { LoopEvent } from "../../src/transport/loop-events.js";
import { createCounters, type Counters } from "../../src/stats.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { RedisStore } from "../../src/store/redis-store.js";
import type { Store } from "../../src/store/store.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import type { WebhookListener } from "../../src/webhook/listen.js";
import { resolveWebhookOptions } from "../../src/webhook/options.js";
import { webhookTransport } from "../../src/webhook/webhook-transport.js";
import { useRedisServer } from "../helpers/redis-fixture.js";

const redis = useRedisServer();
let platform: SimulatedPlatform | undefined;
const subscriptions: Subscription[] = [];
const stores: RedisStore[] = [];
let run = 0;

afterEach(async () => {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  await platform?.close();
  platform = undefined;
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

interface Instance {
  counters: Counters;
  delivered: string[];
}

async function cluster(p: SimulatedPlatform, makeStore: () => Store): Promise<Instance[]> {
  const instances: Instance[] = [];
  const urls: string[] = [];
  for (let i = 0; i < 3; i++) {
    const counters = createCounters();
    const delivered: string[] = [];
    const listening = new Subject<WebhookListener>();
    const up = new Promise<WebhookListener>((resolve) => listening.subscribe(resolve));
    const events = webhookTransport({
      appId: p.appId, clientSecret: p.clientSecret, store: makeStore(), counters, policy: { reconnectBackoffMs: [50], backoffJitter: 0 },
      options: resolveWebhookOptions({ port: 0, host: "127.0.0.1", path: `/instance-${i}` }),
      onListening: (l) => listening.next(l),
    });
    subscriptions.push(events.pipe(filter((e): e is Extract<LoopEvent, { type: "dispatch" }> => e.type === "dispatch")).subscribe((e) => delivered.push(e.payload.id!)));
    urls.push((await up).url);
    instances.push({ counters, delivered });
  }
  p.webhook.setCallbackUrl(urls);
  return instances;
}

/** 30 events pushed concurrently; each POSTed 4 times at once; 10 ACKs lost (retried). */
async function storm(p: SimulatedPlatform) {
  p.webhook.faults.duplicate(3, Infinity);
  p.webhook.faults.ignoreAck(10);
  const deliveries = await Promise.all(Array.from({ length: 30 }, (_, i) => p.webhook.pushMessage(i % 2 ? "c2c" : "group", { content: `event ${i}` })));
  expect(deliveries.every((d) => d.acked)).toBe(true);
  return deliveries;
}

describe("webhook exactly-once across instances", () => {
  it("delivers each event once across 3 instances sharing one Redis", async () => {
    const p = await startSimulatedPlatform({ identifyWindowMs: 0, webhook: { retryDelaysMs: [20, 40, 80], ackTimeoutMs: 5000 } });
    platform = p;
    const prefix = `exactly-once-${++run}:`;
    const instances = await cluster(p, () => {
      const store = new RedisStore({ redis: redis.url, keyPrefix: prefix });
      stores.push(store);
      return store;
    });
    const deliveries = await storm(p);
    const posts = deliveries.reduce((n, d) => n + d.attempts.length, 0);
    expect(posts).toBeGreaterThanOrEqual(30 * 4 + 10);
    const all = instances.flatMap((i) => i.delivered);
    expect([...all].sort()).toEqual(deliveries.map((d) => d.id).sort());
    expect(new Set(all).size).toBe(30);
    expect(instances.filter((i) => i.delivered.length > 0).length).toBeGreaterThanOrEqual(2); // really spread out
    const dropped = instances.reduce((n, i) => n + i.counters.snapshot().duplicatesDropped, 0);
    expect(dropped).toBe(posts - 30);
    expect(instances.reduce((n, i) => n + i.counters.snapshot().storeErrors, 0)).toBe(0);
  });

  it("control: with per-instance memory the same storm gets duplicates through", async () => {
    const p = await startSimulatedPlatform({ identifyWindowMs: 0, webhook: { retryDelaysMs: [20, 40, 80], ackTimeoutMs: 5000 } });
    platform = p;
    const instances = await cluster(p, () => new MemoryStore());
    await storm(p);
    const all = instances.flatMap((i) => i.delivered);
    expect(new Set(all).size).toBe(30);
    expect(all.length).toBeGreaterThan(30);
  });
});
