/**
 * One process of the rolling-restart cluster (`npm run bench:cluster` and the short version in
 * `npm test`): a bot running some shards of a bot on a shared Redis (RedisStore +
 * RedisIdentifyThrottler), shut down by `closeOnSignal` on SIGTERM. It reports on stdout as
 * JSON lines, written synchronously (stdout is a pipe), so a delivery reported before a
 * SIGKILL is not lost in transit:
 *
 * ```
 * {"ev":"state","shard":3,"state":"resuming","t":…}
 * {"ev":"m","id":"…","shard":3}                       each message delivered to the app
 * {"ev":"rss","rss":…}                                every `rssEveryMs`
 * {"ev":"closed","stats":{…},"rss":…}                 after SIGTERM, once everything closed
 * ```
 *
 * Usage: `QQBOT_CLUSTER_WORKER='{…}' node --import tsx bench/cluster/worker.ts` (see `spawnWorker`).
 */
import { closeOnSignal, createBot, Intents, RedisIdentifyThrottler, RedisStore, safeMessage } from "../../src/index.js";

/** What the parent passes in `QQBOT_CLUSTER_WORKER`. */
export interface WorkerConfig {
  appId: string;
  clientSecret: string;
  apiBase: string;
  tokenUrl: string;
  redisUrl: string;
  keyPrefix: string;
  /** Shards of this process, and the bot's shard count. */
  shards: { ids: number[]; count: number };
  /** The identify window the throttler paces to (the platform's, plus a margin). */
  identifyWindowMs: number;
  /** `dedupe.shared`: claim each message in Redis before delivering it. */
  sharedDedupe: boolean;
  /** How often to report the process's RSS. */
  rssEveryMs: number;
}

const out = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

const raw = process.env.QQBOT_CLUSTER_WORKER;
if (!raw) throw new Error("QQBOT_CLUSTER_WORKER (JSON config) is not set");
const config = JSON.parse(raw) as WorkerConfig;

const store = new RedisStore({ redis: config.redisUrl, keyPrefix: config.keyPrefix });
const identifyThrottler = new RedisIdentifyThrottler({
  redis: config.redisUrl, appId: config.appId, keyPrefix: config.keyPrefix, windowMs: config.identifyWindowMs, maxPollMs: 50,
});
const bot = createBot({
  appId: config.appId,
  clientSecret: config.clientSecret,
  apiBase: config.apiBase,
  tokenUrl: config.tokenUrl,
  intents: Intents.PUBLIC_MESSAGES,
  shards: config.shards,
  store,
  identifyThrottler,
  dedupe: { shared: config.sharedDedupe },
  logger: {
    debug: () => undefined,
    info: () => undefined,
    warn: (obj, msg) => out({ ev: "log", level: "warn", msg: msg ?? obj }),
    error: (obj, msg) => out({ ev: "log", level: "error", msg: msg ?? obj }),
  },
});

const rss = setInterval(() => out({ ev: "rss", rss: process.memoryUsage().rss }), config.rssEveryMs);
const shutdown = closeOnSignal(bot, {
  signals: ["SIGTERM"],
  also: [
    () => clearInterval(rss),
    identifyThrottler,
    store,
    () => out({ ev: "closed", stats: bot.stats(), rss: process.memoryUsage().rss }),
  ],
});

bot.state$.subscribe((s) => out({ ev: "state", shard: s.shard, state: s.state, t: Date.now() }));
bot.messages$.subscribe({
  next: (m) => out({ ev: "m", id: m.id, shard: m.shard }),
  error: (err: unknown) => {
    out({ ev: "fatal", code: (err as { code?: unknown }).code, message: safeMessage(err) });
    void shutdown.shutdown("gateway stopped", 1);
  },
});
