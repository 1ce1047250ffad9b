/**
 * Echo bot: answers every message in every chat kind (C2C, group, guild @, guild DM) with
 * "echo: <text>", and sends an image attachment back as media. Ctrl-C (or SIGTERM) closes it cleanly through `closeOnSignal`.
 *
 *   QQ_APP_ID=… QQ_CLIENT_SECRET=… npx tsx examples/echo-bot.ts [--sandbox]   # the real platform
 *   npx tsx examples/echo-bot.ts                                                # no credentials: the simulator
 *
 * Without credentials it starts the simulated QQ platform in-process, pushes one message of
 * each kind (and two images), and prints what the bot does with them.
 */
import { closeOnSignal, createBot, Intents, safeMessage, type Message, type SendBody } from "../src/index.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../src/testing/index.js";

const log = (text: string): void => console.log(`${new Date().toISOString().slice(11, 23)} ${text}`);

/** What to answer: the text, plus the first image attachment sent back as media. */
function echoOf(msg: Message): SendBody {
  const image = msg.attachments.find((a) => a.contentType?.startsWith("image/"));
  const content = msg.text ? `echo: ${msg.text}` : undefined;
  if (image) return { ...(content ? { content } : {}), media: { url: image.url, fileType: "image" } };
  return content ?? "echo: (nothing to echo)";
}

/** Push one message of each kind into the simulator, two of them with an image. */
function pushDemoMessages(platform: SimulatedPlatform): void {
  const image = (name: string) => [{ content_type: "image/png", filename: name, url: `https://example.com/${name}`, width: 64, height: 64, size: 2048 }];
  platform.pushMessage("c2c", { content: "hello from a private chat" });
  platform.pushMessage("group", { content: " hello from a group" });
  platform.pushMessage("guild", { content: `<@!${platform.botUser.id}> hello from a guild channel` });
  platform.pushMessage("direct", { content: "hello from a guild DM" });
  platform.pushMessage("c2c", { content: "", attachments: image("cat.png") });
  platform.pushMessage("group", { content: " look", attachments: image("dog.png") });
  log("simulator: pushed 6 messages (4 kinds, 2 with an image); press Ctrl-C to stop");
}

async function main(): Promise<void> {
  const appId = process.env.QQ_APP_ID;
  const clientSecret = process.env.QQ_CLIENT_SECRET;
  const platform = appId && clientSecret ? undefined : await startSimulatedPlatform({ identifyWindowMs: 0 });
  if (platform) log(`no QQ_APP_ID/QQ_CLIENT_SECRET: using the simulated QQ platform at ${platform.apiBase}`);
  const sandbox = process.argv.includes("--sandbox");
  const bot = createBot(
    platform
      ? { appId: platform.appId, clientSecret: platform.clientSecret, apiBase: platform.apiBase, tokenUrl: platform.tokenUrl, intents: Intents.PUBLIC_MESSAGES }
      : { appId: appId!, clientSecret: clientSecret!, sandbox, intents: Intents.PUBLIC_MESSAGES },
  );
  if (!platform) log(`connecting to the ${sandbox ? "sandbox" : "real"} QQ platform as app ${appId}`);

  // Ctrl-C / SIGTERM: close the bot (socket, timers, HTTP clients; the session is written),
  // then the simulator. `exit: false`: nothing is left open, so the process ends by itself.
  const shutdown = closeOnSignal(bot, {
    exit: false,
    also: [
      ...(platform ? [platform] : []),
      () => {
        const s = bot.stats();
        log(`closed: ${s.messagesIn} messages in, ${s.sent} sent, ${s.sendErrors} send errors`);
      },
    ],
    logger: { debug: () => {}, info: (_, msg) => log(msg ?? ""), warn: (_, msg) => log(msg ?? ""), error: (_, msg) => log(msg ?? "") },
  });

  let lastState = "";
  let demoPushed = false;
  bot.state$.subscribe((s) => {
    if (s.state === lastState) return;
    lastState = s.state;
    log(`state ${s.state}${s.reason ? ` (${s.reason})` : ""}`);
    if (s.state === "ready" && platform && !demoPushed) {
      demoPushed = true;
      pushDemoMessages(platform);
    }
  });

  bot.messages$.subscribe({
    next: (msg) => {
      const image = msg.attachments.some((a) => a.contentType?.startsWith("image/"));
      log(`${msg.kind} message ${msg.id} from ${msg.author.id}: ${JSON.stringify(msg.text)}${image ? " + image" : ""}`);
      msg.reply(echoOf(msg)).then(
        (sent) => log(`  replied to ${msg.kind} message ${msg.id}${image ? " with the image" : ""} (${sent.parts} part(s), id ${sent.id ?? "pending audit"})`),
        (err: unknown) => log(`  reply to ${msg.kind} message ${msg.id} failed: ${safeMessage(err)}`),
      );
    },
    error: (err: unknown) => {
      log(`fatal: ${safeMessage(err)}`);
      void shutdown.shutdown("gateway stopped", 1);
    },
  });
}

main().catch((err: unknown) => {
  console.error(safeMessage(err));
  process.exitCode = 1;
});
