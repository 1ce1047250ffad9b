/**
 * The transport on the app's own HTTP server: `webhook.mount` receives the framework-neutral
 * handler when the bot starts and is undone when it stops; callbacks work through it.
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { filter, firstValueFrom, ReplaySubject, type Subscription } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import type { LoopEvent } from "../../src/transport/loop-events.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import { resolveWebhookOptions } from "../../src/webhook/options.js";
import { webhookTransport } from "../../src/webhook/webhook-transport.js";
import { until } from "../helpers/until.js";

let platform: SimulatedPlatform | undefined;
let subscription: Subscription | undefined;
afterEach(async () => {
  subscription?.unsubscribe();
  await platform?.close();
});

type Handler = (req: { headers: IncomingHttpHeaders; rawBody: Buffer }) => Promise<{ status: number; headers: Record<string, string>; body: string }>;

describe("webhook transport on your own server (mount)", () => {
  it("mounts the framework-neutral handler, is ready at once, and unmounts on unsubscribe", async () => {
    const p = await startSimulatedPlatform({ identifyWindowMs: 0, webhook: { retryDelaysMs: [] } });
    platform = p;
    let mounted: Handler | undefined;
    let unmounted = 0;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        if (!mounted) return void res.writeHead(503).end();
        const answer = await mounted({ headers: req.headers, rawBody: Buffer.concat(chunks) });
        res.writeHead(answer.status, answer.headers).end(answer.body);
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const events = new ReplaySubject<LoopEvent>();
      const dispatched: string[] = [];
      events.subscribe((e) => e.type === "dispatch" && dispatched.push(e.payload.id ?? "?"));
      subscription = webhookTransport({
        appId: p.appId, clientSecret: p.clientSecret, policy: { reconnectBackoffMs: [50], backoffJitter: 0 },
        options: resolveWebhookOptions({
          mount: (handler) => {
            mounted = handler;
            return () => {
              mounted = undefined;
              unmounted += 1;
            };
          },
        }),
      }).subscribe(events);
      const ready = await firstValueFrom(events.pipe(filter((e) => e.type === "state" && e.change.state === "ready")));
      expect(ready.type === "state" && ready.change.reason).toBe("mounted on your HTTP server");
      p.webhook.setCallbackUrl(`http://127.0.0.1:${(server.address() as { port: number }).port}/anything`);
      expect((await p.webhook.validate()).ok).toBe(true);
      const delivery = await p.webhook.pushMessage("guild");
      expect(delivery.attempts.map((a) => a.status)).toEqual([200]);
      await until(() => dispatched.length === 1);
      expect(dispatched).toEqual([delivery.id]);
      subscription.unsubscribe();
      await until(() => unmounted === 1);
      expect(mounted).toBeUndefined();
    } finally {
      server.close();
    }
  });
});
