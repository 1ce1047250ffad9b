/**
 * Moderation bot: watches a guild's channel messages and uses the OpenAPI (`bot.api`) on them:
 * a message with a banned word is recalled and its author muted for 10 minutes; `/pin …` is
 * pinned; every other message gets a 👍 (system emoji 76) reaction.
 *
 *   QQ_APP_ID=… QQ_CLIENT_SECRET=… npx tsx examples/moderation-bot.ts [--sandbox]   # the real platform (the bot must be a guild admin)
 *   npx tsx examples/moderation-bot.ts                                                # no credentials: the simulator
 *
 * Without credentials it starts the simulated QQ platform in-process, pushes three messages
 * (a greeting, spam, a /pin command), checks what the platform then holds (the spam is gone,
 * its author muted, the command pinned), and exits by itself.
 */
import { filter } from "rxjs";
import { createBot, Intents, QQApiError, safeMessage, type Bot, type Message } from "../src/index.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../src/testing/index.js";

const log = (text: string): void => console.log(`${new Date().toISOString().slice(11, 23)} ${text}`);

const BANNED = /广告|spam|加群/i;
const MUTE_SECONDS = 600;
const THUMBS_UP = { type: 1, id: "76" } as const;

/** What the bot does with one guild channel message; resolves to a line for the log. */
async function moderate(bot: Bot, msg: Message): Promise<string> {
  if (msg.target.kind !== "channel" || !msg.target.guildId) return `ignored ${msg.kind} message ${msg.id}`;
  const channel_id = msg.target.channelId;
  const guild_id = msg.target.guildId;
  if (BANNED.test(msg.text)) {
    await bot.api.messages.recallChannel({ channel_id, message_id: msg.id, hidetip: true });
    await bot.api.mute.member({ guild_id, user_id: msg.author.id, mute_seconds: String(MUTE_SECONDS) });
    return `recalled spam message ${msg.id} from ${msg.author.id} and muted them for ${MUTE_SECONDS} s`;
  }
  if (msg.text.startsWith("/pin")) {
    const { message_ids } = await bot.api.pins.add({ channel_id, message_id: msg.id });
    await bot.api.reactions.add({ channel_id, message_id: msg.id, ...THUMBS_UP });
    return `pinned message ${msg.id} (${message_ids.length} pinned in the channel)`;
  }
  await bot.api.reactions.add({ channel_id, message_id: msg.id, ...THUMBS_UP });
  return `reacted 👍 to message ${msg.id}`;
}

/** Push a greeting, spam and a /pin command; resolves with their ids. */
function pushDemoMessages(platform: SimulatedPlatform): { hello: string; spam: string; pin: string; spammer: string } {
  const at = `<@!${platform.botUser.id}>`;
  const spammer = platform.guilds.memberIds(platform.guilds.guildId).at(-1)!;
  const hello = platform.pushMessage("guild", { content: `${at} 大家好` }).d.id as string;
  const spam = platform.pushMessage("guild", { content: `${at} 加群领福利 spam`, author: { id: spammer, username: "广告号", bot: false } }).d.id as string;
  const pin = platform.pushMessage("guild", { content: `${at} /pin 今晚八点开黑` }).d.id as string;
  log("simulator: pushed 3 guild messages (a greeting, spam, a /pin command)");
  return { hello, spam, pin, spammer };
}

async function main(): Promise<void> {
  const appId = process.env.QQ_APP_ID;
  const clientSecret = process.env.QQ_CLIENT_SECRET;
  const platform = appId && clientSecret ? undefined : await startSimulatedPlatform({ identifyWindowMs: 0 });
  if (platform) log(`no QQ_APP_ID/QQ_CLIENT_SECRET: using the simulated QQ platform at ${platform.apiBase}`);
  const intents = Intents.PUBLIC_GUILD_MESSAGES | Intents.GUILD_MEMBERS;
  const bot = createBot(
    platform
      ? { appId: platform.appId, clientSecret: platform.clientSecret, apiBase: platform.apiBase, tokenUrl: platform.tokenUrl, intents }
      : { appId: appId!, clientSecret: clientSecret!, sandbox: process.argv.includes("--sandbox"), intents },
  );
  const me = await bot.api.me.get();
  log(`moderating as ${me.username} (${me.id})`);

  let stopping: Promise<void> | undefined;
  const shutdown = (why: string): Promise<void> =>
    (stopping ??= (async () => {
      log(`${why}: closing`);
      await bot.close();
      await platform?.close();
      log(`closed: ${bot.stats().messagesIn} messages in`);
    })());

  let handled = 0;
  const demo = platform ? pushDemoMessagesWhenReady(bot, platform) : undefined;
  bot.messages$.subscribe({
    next: (msg) => {
      moderate(bot, msg).then(
        (line) => log(line),
        (err: unknown) => log(`moderating ${msg.id} failed: ${err instanceof QQApiError ? `${err.code} ` : ""}${safeMessage(err)}`),
      ).finally(() => {
        handled += 1;
        if (demo && handled === 3) void demo.then((ids) => check(platform!, ids)).finally(() => void shutdown("demo done"));
      });
    },
    error: (err: unknown) => {
      log(`fatal: ${safeMessage(err)}`);
      process.exitCode = 1;
      void shutdown("gateway stopped");
    },
  });
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

/** Once the bot is connected, push the demo messages. */
function pushDemoMessagesWhenReady(bot: Bot, platform: SimulatedPlatform): Promise<ReturnType<typeof pushDemoMessages>> {
  return new Promise((resolve) => {
    const subscription = bot.state$.pipe(filter((s) => s.state === "ready")).subscribe(() => {
      subscription.unsubscribe();
      resolve(pushDemoMessages(platform));
    });
  });
}

/** What the simulated platform holds after the bot acted. */
function check(platform: SimulatedPlatform, ids: ReturnType<typeof pushDemoMessages>): void {
  const g = platform.guilds;
  const spamGone = g.channelMessage(ids.spam) === undefined;
  const muted = g.isMuted(g.guildId, ids.spammer);
  const pinned = g.pins(g.channelId).join(",");
  const reacted = [ids.hello, ids.pin].every((id) => g.reactions(id, THUMBS_UP).includes(platform.botUser.id));
  log(`simulator check: spam gone ${spamGone}, spammer muted ${muted}, pinned [${pinned}] (the /pin is ${ids.pin}), reactions ${reacted}`);
  if (!spamGone || !muted || pinned !== ids.pin || !reacted) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(safeMessage(err));
  process.exitCode = 1;
});
