/**
 * op 12 goes out before the app's work runs, so a slow app never makes the platform retry:
 * ACK latency stays low while each event takes the app far longer, and with an app that
 * blocks the event loop the answer has already been handed to the OS when the app starts.
 */
import { concatMap, filter, ReplaySubject, Subject, timer, type Subscription } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import type { LoopEvent } from "../../src/transport/loop-events.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import type { WebhookListener } from "../../src/webhook/listen.js";
import { resolveWebhookOptions } from "../../src/webhook/options.js";
import { webhookTransport } from "../../src/webhook/webhook-transport.js";

let platform: SimulatedPlatform | undefined;
let subscription: Subscription | undefined;
afterEach(async () => {
  subscription?.unsubscribe();
  await platform?.close();
});

async function start(): Promise<{ p: SimulatedPlatform; events: ReplaySubject<LoopEvent>; listener: WebhookListener }> {
  // ackTimeoutMs: an ACK slower than the app's work would count as lost and be retried.
  const p = await startSimulatedPlatform({ identifyWindowMs: 0, webhook: { ackTimeoutMs: 2000, retryDelaysMs: [] } });
  platform = p;
  const events = new ReplaySubject<LoopEvent>();
  const listening = new Subject<WebhookListener>();
  const ready = new Promise<WebhookListener>((resolve) => listening.subscribe(resolve));
  subscription = webhookTransport({
    appId: p.appId, clientSecret: p.clientSecret, policy: { reconnectBackoffMs: [50], backoffJitter: 0 },
    options: resolveWebhookOptions({ port: 0, host: "127.0.0.1", path: "/cb" }),
    onListening: (l) => listening.next(l),
  }).subscribe(events);
  const listener = await ready;
  p.webhook.setCallbackUrl(listener.url);
  return { p, events, listener };
}

describe("webhook ACK latency", () => {
  it("stays low while the app spends 400 ms on each event", async () => {
    const { p, events } = await start();
    const APP_WORK_MS = 400;
    const done: string[] = [];
    const app = events.pipe(
      filter((e): e is Extract<LoopEvent, { type: "dispatch" }> => e.type === "dispatch"),
      concatMap((e) => timer(APP_WORK_MS).pipe(concatMap(async () => done.push(e.payload.id!)))),
    ).subscribe();
    try {
      const deliveries = [];
      for (let i = 0; i < 4; i++) deliveries.push(await p.webhook.pushMessage("c2c", { content: `job ${i}` }));
      const latencies = deliveries.map((d) => d.attempts[0]!.latencyMs);
      expect(deliveries.every((d) => d.acked && d.attempts.length === 1)).toBe(true);
      expect(done.length).toBeLessThan(4); // the app is still busy when the last ACK is back
      expect(Math.max(...latencies)).toBeLessThan(APP_WORK_MS / 2);
      await new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error("app did not finish")), 10_000);
        const check = setInterval(() => {
          if (done.length === 4) {
            clearTimeout(deadline);
            clearInterval(check);
            resolve();
          }
        }, 10);
      });
      expect(done).toEqual(deliveries.map((d) => d.id));
    } finally {
      app.unsubscribe();
    }
  });

  it("hands the ACK to the OS before an app that blocks the event loop starts", async () => {
    const { p, events, listener } = await start();
    const finished: number[] = [];
    listener.server.on("request", (_req, res) => res.on("finish", () => finished.push(performance.now())));
    const starts: number[] = [];
    const app = events.pipe(filter((e) => e.type === "dispatch")).subscribe(() => {
      starts.push(performance.now());
      const until = performance.now() + 150;
      while (performance.now() < until) {
        // a CPU-bound app
      }
    });
    try {
      const delivery = await p.webhook.pushMessage("group");
      expect(delivery.acked).toBe(true);
      expect(starts).toHaveLength(1);
      expect(finished).toHaveLength(1);
      expect(finished[0]!).toBeLessThanOrEqual(starts[0]!);
    } finally {
      app.unsubscribe();
    }
  });
});
