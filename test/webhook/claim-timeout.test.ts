/**
 * A hung or failing claim store never holds the ACK: each claim waits at most `timeoutMs`, then
 * the event is delivered unclaimed (at-least-once), counted in `unclaimedDeliveries`, with one
 * warning per outage; during an outage the store is tried again only every `retryIntervalMs`
 * (claims in between do not wait on it), and used again, with an info line, once it answers.
 * End to end: a real `redis-server` frozen with SIGSTOP behind the webhook transport.
 */
import { filter, ReplaySubject, type Subscription } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import type { LoopEvent } from "../../src/transport/loop-events.js";
import { createCounters } from "../../src/stats.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { RedisStore } from "../../src/store/redis-store.js";
import { ResilientStore } from "../../src/store/resilient-store.js";
import type { Store } from "../../src/store/store.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import { createEventClaims, webhookClaimKey } from "../../src/webhook/claim.js";
import type { WebhookListener } from "../../src/webhook/listen.js";
import { resolveWebhookOptions } from "../../src/webhook/options.js";
import { webhookTransport } from "../../src/webhook/webhook-transport.js";
import { FlakyStore } from "../helpers/flaky-store.js";
import { useRedisServer } from "../helpers/redis-fixture.js";
import { until } from "../helpers/until.js";
import { recordingLogger } from "./support.js";

/** A store whose `setIfAbsent` never answers while `hung` (a frozen Redis). */
class HangingStore extends MemoryStore implements Store {
  hung = true;
  calls = 0;
  override async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    this.calls++;
    if (this.hung) return new Promise<boolean>(() => undefined);
    return super.setIfAbsent(key, value, ttlMs);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed<T>(p: Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await p;
  return [value, performance.now() - started];
}

function setup(store: Store, retryIntervalMs: number) {
  const counters = createCounters();
  const logger = recordingLogger();
  const claims = createEventClaims({ store, appId: "app1", ttlMs: 60_000, timeoutMs: 150, retryIntervalMs, counters, logger });
  const warnings = () => logger.lines.filter((l) => l.startsWith("warn") && l.includes("could not claim webhook events"));
  return { claims, counters, logger, warnings };
}

describe("event claims against a hung store", () => {
  it("wait at most timeoutMs, deliver unclaimed (counted, warned once), and skip the store until retryIntervalMs passed", async () => {
    const store = new HangingStore();
    const { claims, counters, warnings } = setup(store, 10_000);
    const [first, firstMs] = await timed(claims.claim("E1"));
    expect(first).toBe(true);
    expect(firstMs).toBeGreaterThanOrEqual(140);
    expect(firstMs).toBeLessThan(600);
    const [second, secondMs] = await timed(claims.claim("E2"));
    expect(second).toBe(true);
    expect(secondMs).toBeLessThan(50); // the store is not asked again inside the retry interval
    expect(store.calls).toBe(1);
    expect(await claims.claim("E1")).toBe(false); // a retry to this instance is still dropped
    expect(counters.snapshot()).toMatchObject({ unclaimedDeliveries: 2, storeErrors: 1 });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain("no answer within 150 ms");
    expect(warnings()[0]).toContain("at-least-once");
  });

  it("try the store again after the interval, say when it answers, and warn again only for a new outage", async () => {
    const store = new HangingStore();
    const { claims, counters, logger, warnings } = setup(store, 200);
    expect(await claims.claim("A")).toBe(true);
    await sleep(250);
    expect(await claims.claim("B")).toBe(true); // tried again, still hung: same outage
    expect(store.calls).toBe(2);
    expect(warnings()).toHaveLength(1);
    store.hung = false;
    await sleep(250);
    expect(await claims.claim("C")).toBe(true);
    expect(await store.get(webhookClaimKey("app1", "C"))).toBe(claims.instanceId);
    expect(logger.lines.filter((l) => l.startsWith("info") && l.includes("answers claims of webhook events again (2 were delivered unclaimed)"))).toHaveLength(1);
    expect(counters.snapshot().unclaimedDeliveries).toBe(2);
    store.hung = true;
    expect(await claims.claim("D")).toBe(true);
    expect(warnings()).toHaveLength(2);
    expect(counters.snapshot().unclaimedDeliveries).toBe(3);
  });

  it("count a failing store behind a ResilientStore too (claims unwrap it: its memory fallback would hide the outage)", async () => {
    const inner = new FlakyStore();
    inner.down = true;
    const { claims, counters, warnings } = setup(new ResilientStore(inner), 1_000);
    expect(await claims.claim("E")).toBe(true);
    expect(await claims.claim("E")).toBe(false);
    expect(counters.snapshot()).toMatchObject({ unclaimedDeliveries: 1, storeErrors: 1 });
    expect(warnings()).toHaveLength(1);
  });
});

describe("webhook ACK with a frozen Redis (SIGSTOP)", () => {
  const redis = useRedisServer();
  let platform: SimulatedPlatform | undefined;
  let subscription: Subscription | undefined;
  let store: RedisStore | undefined;
  afterEach(async () => {
    redis.resume();
    subscription?.unsubscribe();
    await platform?.close();
    await store?.close();
  });

  it("answers within claimTimeoutMs instead of Redis's 5 s command timeout, delivers every event, counts and warns once", async () => {
    const p = await startSimulatedPlatform({ identifyWindowMs: 0, webhook: { ackTimeoutMs: 10_000, retryDelaysMs: [] } });
    platform = p;
    store = new RedisStore({ redis: redis.url, keyPrefix: "claim-timeout:" });
    const counters = createCounters();
    const logger = recordingLogger();
    const events = new ReplaySubject<LoopEvent>();
    const listening = new ReplaySubject<WebhookListener>(1);
    subscription = webhookTransport({
      appId: p.appId, clientSecret: p.clientSecret, store, counters, logger, policy: { reconnectBackoffMs: [50], backoffJitter: 0 },
      options: resolveWebhookOptions({ port: 0, host: "127.0.0.1", path: "/qq" }),
      onListening: (l) => listening.next(l),
    }).subscribe(events);
    const delivered: string[] = [];
    events.pipe(filter((e) => e.type === "dispatch")).subscribe((e) => e.type === "dispatch" && delivered.push(e.payload.id!));
    p.webhook.setCallbackUrl((await new Promise<WebhookListener>((resolve) => listening.subscribe(resolve))).url);

    const warm = await p.webhook.pushMessage("c2c");
    expect(warm.acked).toBe(true);
    expect(await redis.raw.exists(`claim-timeout:${webhookClaimKey(p.appId, warm.id)}`)).toBe(1);

    redis.pause();
    const frozen = [];
    for (let i = 0; i < 3; i++) frozen.push(await p.webhook.pushMessage("group", { content: `while frozen ${i}` }));
    const latencies = frozen.map((d) => d.attempts[0]!.latencyMs);
    expect(frozen.every((d) => d.acked && d.attempts.length === 1), `attempts: ${JSON.stringify(frozen.map((d) => d.attempts))}`).toBe(true);
    expect(Math.max(...latencies), `ACK latencies ${latencies.join(", ")} ms`).toBeLessThan(1_000);
    await until(() => delivered.length === 4);
    expect(delivered).toEqual([warm, ...frozen].map((d) => d.id));
    expect(counters.snapshot().unclaimedDeliveries).toBe(3);
    expect(logger.lines.filter((l) => l.startsWith("warn") && l.includes("could not claim webhook events"))).toHaveLength(1);

    redis.resume();
    await sleep(1_100); // past the retry interval: the next claim asks Redis again
    const after = await p.webhook.pushMessage("c2c");
    expect(after.acked).toBe(true);
    expect(await redis.raw.exists(`claim-timeout:${webhookClaimKey(p.appId, after.id)}`)).toBe(1);
    expect(counters.snapshot().unclaimedDeliveries).toBe(3);
    expect(logger.lines.some((l) => l.startsWith("info") && l.includes("answers claims of webhook events again"))).toBe(true);
  });
});
