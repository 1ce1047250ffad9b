/**
 * A simulated platform and plain bots on it (default options, `PUBLIC_MESSAGES`), for
 * integration tests that exercise the bot's defaults rather than the short timings of
 * `bot-harness.ts`. Everything started here is closed by `runCleanups()` (see cleanups.ts),
 * bots before the platform.
 *
 * @example
 * ```ts
 * afterEach(runCleanups);
 * it("replies", async () => {
 *   const platform = await startPlatform();
 *   const { receive } = await startInboxBot(platform);
 *   const msg = await receive(platform.pushMessage("c2c").d.id as string);
 *   await msg.reply("hi");
 * });
 * ```
 */
import { filter, firstValueFrom, ReplaySubject, timeout } from "rxjs";
import { createBot, Intents, type Bot, type BotOptions, type Message } from "../../src/index.js";
import { startSimulatedPlatform, type SimulatedPlatform, type SimulatedPlatformOptions } from "../../src/testing/index.js";
import { onCleanup } from "./cleanups.js";
import { TEST_HEARTBEAT_RANGE_MS } from "./heartbeat-range.js";

/** Start a simulator on loopback: `options` over `{ identifyWindowMs: 0, heartbeatIntervalMs: 1000 }`. */
export async function startPlatform(options: SimulatedPlatformOptions = {}): Promise<SimulatedPlatform> {
  const platform = await startSimulatedPlatform({ identifyWindowMs: 0, heartbeatIntervalMs: 1000, ...options });
  onCleanup(() => platform.close());
  return platform;
}

/** Push `n` C2C messages ("<label> 0", "<label> 1", …); their ids, in order. */
export function pushC2C(p: SimulatedPlatform, n: number, label: string): string[] {
  return Array.from({ length: n }, (_, i) => p.pushMessage("c2c", { content: `${label} ${i}` }).d.id as string);
}

/** A bot with the simulator's endpoints and credentials and `PUBLIC_MESSAGES`, `extra` over those (not connected). */
export function makeBot(platform: SimulatedPlatform, extra: Partial<BotOptions> = {}): Bot {
  const bot = createBot({
    appId: platform.appId, clientSecret: platform.clientSecret, apiBase: platform.apiBase, tokenUrl: platform.tokenUrl,
    intents: Intents.PUBLIC_MESSAGES, ...extra,
    reconnect: { heartbeatIntervalRangeMs: TEST_HEARTBEAT_RANGE_MS, ...extra.reconnect },
  });
  onCleanup(() => bot.close());
  return bot;
}

/** A connected bot and every message it received. */
export interface InboxBot {
  bot: Bot;
  /** Every message from `bot.messages$`, replayed to each subscriber. */
  inbox: ReplaySubject<Message>;
  /** The message with this id, once it arrived (fails after 15 s). */
  receive(id: string): Promise<Message>;
}

/** {@link makeBot}, subscribed to `messages$`; resolves once the platform saw its READY. */
export async function startInboxBot(platform: SimulatedPlatform, extra: Partial<BotOptions> = {}): Promise<InboxBot> {
  const bot = makeBot(platform, extra);
  const inbox = new ReplaySubject<Message>();
  const ready = platform.waitFor("ready");
  const subscription = bot.messages$.subscribe(inbox);
  onCleanup(() => subscription.unsubscribe());
  await ready;
  const receive = (id: string) => firstValueFrom(inbox.pipe(filter((m) => m.id === id), timeout({ first: 15_000 })));
  return { bot, inbox, receive };
}
