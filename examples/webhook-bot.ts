/**
 * Webhook bot: the echo bot, fed by signed HTTP callbacks instead of the WebSocket gateway.
 * One option switches the transport; `messages$`, `state$` and `reply()` do not change.
 *
 *   QQ_APP_ID=… QQ_CLIENT_SECRET=… PORT=8080 npx tsx examples/webhook-bot.ts   # the real platform
 *   npx tsx examples/webhook-bot.ts                                              # no credentials: the simulator
 *
 * With credentials it listens on 0.0.0.0:$PORT/qqbot/webhook; point the callback URL in the
 * QQ bot console at it (through your HTTPS reverse proxy). Without credentials it starts the
 * simulated platform, which validates the URL (op 13), delivers messages (one forged, one
 * duplicated, one whose ACK it "loses"), and prints what the bot does with them.
 */
import type { Subscription } from "rxjs";
import { createBot, safeMessage, type BotOptions, type WebhookOptions } from "../src/index.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../src/testing/index.js";

const log = (text: string): void => console.log(`${new Date().toISOString().slice(11, 23)} ${text}`);

/** The simulator's side of the demo: validate the URL, then deliver a few messages with faults. */
async function demo(platform: SimulatedPlatform, url: string): Promise<void> {
  platform.webhook.setCallbackUrl(url);
  const validation = await platform.webhook.validate();
  log(`simulator: callback URL validation (op 13) ${validation.ok ? "passed" : `failed: ${validation.reason}`}`);
  await platform.webhook.pushMessage("c2c", { content: "hello over webhook" });
  platform.webhook.faults.badSignature("wrong-key");
  const forged = await platform.webhook.pushMessage("group", { content: " first POST forged, retry genuine" });
  log(`simulator: forged then genuine → HTTP ${forged.attempts.map((a) => a.status).join(", ")}`);
  platform.webhook.faults.duplicate(2);
  const dup = await platform.webhook.pushMessage("guild", { content: `<@!${platform.botUser.id}> sent three times at once` });
  log(`simulator: duplicated → ${dup.attempts.length} POSTs, all ACKed: ${dup.attempts.every((a) => a.acked)}`);
  platform.webhook.faults.ignoreAck();
  const retried = await platform.webhook.pushMessage("c2c", { content: "ACK lost once: POSTed twice, delivered once" });
  log(`simulator: lost ACK → ${retried.attempts.length} POSTs; ACK latency ${retried.attempts.map((a) => `${a.latencyMs} ms`).join(", ")}`);
}

async function main(): Promise<void> {
  const appId = process.env.QQ_APP_ID;
  const clientSecret = process.env.QQ_CLIENT_SECRET;
  const platform = appId && clientSecret ? undefined : await startSimulatedPlatform({ webhook: { retryDelaysMs: [200, 1000] } });
  if (platform) log(`no QQ_APP_ID/QQ_CLIENT_SECRET: using the simulated QQ platform at ${platform.apiBase}`);

  // The only difference from the gateway echo bot: transport + webhook.
  const options: BotOptions & { transport: "webhook"; webhook: Partial<WebhookOptions> } = {
    ...(platform
      ? { appId: platform.appId, clientSecret: platform.clientSecret, apiBase: platform.apiBase, tokenUrl: platform.tokenUrl }
      : { appId: appId!, clientSecret: clientSecret!, sandbox: process.argv.includes("--sandbox") }),
    transport: "webhook",
    webhook: platform ? { port: 0, host: "127.0.0.1", path: "/qqbot/webhook" } : { port: Number(process.env.PORT ?? 8080), path: "/qqbot/webhook" },
  };
  const bot = createBot(options);

  let subscription: Subscription | undefined;
  let stopping: Promise<void> | undefined;
  const shutdown = (why: string): Promise<void> =>
    (stopping ??= (async () => {
      log(`${why}: closing`);
      subscription?.unsubscribe();
      await bot.close();
      await platform?.close();
      const s = bot.stats();
      log(`closed: ${s.messagesIn} messages in, ${s.sent} sent, ${s.badFrames} refused, ${s.duplicatesDropped} duplicates dropped`);
    })());

  bot.state$.subscribe((s) => {
    log(`state ${s.state}${s.reason ? ` (${s.reason})` : ""}`);
    if (s.state !== "ready" || !platform) return;
    const url = /^listening on (\S+)$/.exec(s.reason ?? "")?.[1];
    if (!url) {
      log("this build has no webhook transport wired into createBot (state reason has no listener URL)");
      void shutdown("not a webhook bot");
      return;
    }
    demo(platform, url).then(
      () => void shutdown("demo done"),
      (err: unknown) => void shutdown(`demo failed: ${safeMessage(err)}`),
    );
  });

  subscription = bot.messages$.subscribe({
    next: (msg) => {
      log(`${msg.kind} message ${msg.id}: ${JSON.stringify(msg.text)}`);
      msg.reply(`echo: ${msg.text}`).then(
        (sent) => log(`  replied (id ${sent.id ?? "pending audit"})`),
        (err: unknown) => log(`  reply failed: ${safeMessage(err)}`),
      );
    },
    error: (err: unknown) => {
      log(`fatal: ${safeMessage(err)}`);
      process.exitCode = 1;
      void shutdown("stopped");
    },
  });

  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(safeMessage(err));
  process.exitCode = 1;
});
