/**
 * Operating a bot: Prometheus metrics on `/metrics`, Kubernetes probes on `/healthz` and
 * `/readyz`, and a graceful shutdown on SIGTERM/SIGINT, all on one `node:http` server.
 * Needs `prom-client` (`npm install prom-client`).
 *
 *   QQ_APP_ID=… QQ_CLIENT_SECRET=… npx tsx examples/metrics-server.ts [--port 9464]   # the real platform
 *   npx tsx examples/metrics-server.ts                                                  # no credentials: the simulator
 *
 * Without credentials it starts the simulated QQ platform in-process, and once the bot is
 * ready, pushes a message (the bot replies) and drops the connection once (the bot resumes),
 * so that every metric has something to show. Then: `curl localhost:9464/metrics`.
 */
import { createServer } from "node:http";
import { Registry } from "prom-client";
import { distinctUntilChanged, map } from "rxjs";
import { closeOnSignal, createBot, Intents, nodeHealthListener, safeMessage } from "../src/index.js";
import { registerMetrics } from "../src/metrics/index.js";
import { startSimulatedPlatform } from "../src/testing/index.js";

const log = (text: string): void => console.log(`${new Date().toISOString().slice(11, 23)} ${text}`);
const portArg = process.argv.indexOf("--port");
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 9464;

async function main(): Promise<void> {
  const appId = process.env.QQ_APP_ID;
  const clientSecret = process.env.QQ_CLIENT_SECRET;
  const platform = appId && clientSecret ? undefined : await startSimulatedPlatform({ identifyWindowMs: 0 });
  const bot = createBot(
    platform
      ? { appId: platform.appId, clientSecret: platform.clientSecret, apiBase: platform.apiBase, tokenUrl: platform.tokenUrl, intents: Intents.PUBLIC_MESSAGES }
      : { appId: appId!, clientSecret: clientSecret!, intents: Intents.PUBLIC_MESSAGES },
  );

  // One call registers the bot's counters, shard states and latency histograms.
  const registry = new Registry();
  const metrics = registerMetrics(bot, { registry, appId: platform?.appId ?? appId });

  // /healthz and /readyz from the bot's health; everything else: /metrics or 404.
  const server = createServer(nodeHealthListener(bot, {
    fallback: (req, res) => {
      if (req.url !== "/metrics") return void res.writeHead(404).end();
      registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500).end(safeMessage(err)),
      );
    },
  }));
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  log(`serving http://127.0.0.1:${typeof address === "object" && address ? address.port : port}/metrics, /healthz and /readyz`);

  // SIGTERM/SIGINT: close the bot (sessions flushed), then the metrics, the server and the simulator; exit 0.
  const shutdown = closeOnSignal(bot, {
    also: [
      () => metrics.unregister(),
      () => new Promise<void>((resolve) => server.close(() => resolve())),
      ...(platform ? [platform] : []),
    ],
    logger: { debug: () => {}, info: (_, msg) => log(msg ?? ""), warn: (_, msg) => log(msg ?? ""), error: (_, msg) => log(msg ?? "") },
  });

  bot.health$.pipe(map((h) => `${h.status}${h.error ? ` (${h.error.code})` : ""}`), distinctUntilChanged()).subscribe((h) => log(`health ${h}`));
  bot.messages$.subscribe({
    next: (msg) => void msg.reply(`echo: ${msg.text}`).then(
      () => log(`replied to ${msg.kind} message ${msg.id}`),
      (err: unknown) => log(`reply failed: ${safeMessage(err)}`),
    ),
    error: () => void shutdown.shutdown("gateway stopped", 1),
  });

  if (platform) {
    await platform.waitFor("ready");
    platform.pushMessage("c2c", { content: "hello" });
    platform.faults.closeAll(4009, "a routine drop");
    await platform.waitFor("resumed");
    log("simulator: pushed a message and dropped the connection once; Ctrl-C to stop");
  }
}

main().catch((err: unknown) => {
  console.error(safeMessage(err));
  process.exitCode = 1;
});
