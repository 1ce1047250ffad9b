/**
 * One bot, several processes, one Redis. Each worker runs some of the bot's shards; the
 * processes share the gateway URL, the `/gateway/bot` answer, each shard's session (so a shard
 * can move to another process and RESUME) and the IDENTIFY pacing, all through Redis.
 *
 *   # a worker per process (QQ_APP_ID / QQ_CLIENT_SECRET set), e.g. on two machines:
 *   node --import tsx examples/sharded-redis.ts --shards 0,1 --count 4 --redis redis://10.0.0.5:6379
 *   node --import tsx examples/sharded-redis.ts --shards 2,3 --count 4 --redis redis://10.0.0.5:6379
 *
 *   # a launcher forking N workers that split the shards; without credentials it also runs the
 *   # simulated platform, pushes a message to every shard, drops every socket once, and shows who got what:
 *   node --import tsx examples/sharded-redis.ts --launch 3 --count 4 [--redis redis://127.0.0.1:6379] [--once]
 *
 * A worker against a simulator started elsewhere (`npm run simulator`) takes its endpoints from
 * `QQBOT_API_BASE` and `QQBOT_TOKEN_URL` and its credentials from `QQ_APP_ID` / `QQ_CLIENT_SECRET`.
 * `QQBOT_IDENTIFY_WINDOW_MS` overrides the platform's 5 s identify window (the simulator's is shorter).
 * Stop with Ctrl-C or SIGTERM (`closeOnSignal`): workers close their bots, which writes each
 * shard's session for the next owner, and exit. A rolling restart is SIGTERM to one worker at a
 * time, then the same command again: its shards RESUME (measured by `npm run bench:cluster`).
 */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { closeOnSignal, createBot, Intents, RedisIdentifyThrottler, RedisStore, safeMessage } from "../src/index.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../src/testing/index.js";

/** Worker → launcher (over the fork IPC channel). */
type WorkerNote = { type: "ready"; shard: number } | { type: "message"; shard: number; id: string; pid: number };

const IDENTIFY_MARGIN_MS = 500;
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const redisUrl = arg("redis") ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const count = Number(arg("count") ?? 4);
const log = (text: string): void => console.log(`${new Date().toISOString().slice(11, 23)} [${process.pid}] ${text}`);

async function worker(ids: number[]): Promise<void> {
  const appId = process.env.QQ_APP_ID;
  const clientSecret = process.env.QQ_CLIENT_SECRET;
  if (!appId || !clientSecret) throw new Error("a worker needs QQ_APP_ID and QQ_CLIENT_SECRET (or run the launcher: --launch N)");
  const windowMs = Number(process.env.QQBOT_IDENTIFY_WINDOW_MS ?? 5000) + IDENTIFY_MARGIN_MS;
  const store = new RedisStore({ redis: redisUrl });
  const identifyThrottler = new RedisIdentifyThrottler({ redis: redisUrl, appId, windowMs });
  const endpoints = process.env.QQBOT_API_BASE ? { apiBase: process.env.QQBOT_API_BASE, tokenUrl: process.env.QQBOT_TOKEN_URL } : {};
  const bot = createBot({ appId, clientSecret, ...endpoints, intents: Intents.PUBLIC_MESSAGES, store, identifyThrottler, shards: { ids, count } });
  const note = (n: WorkerNote): void => void process.send?.(n);
  log(`worker for shards ${ids.join(",")} of ${count}, redis ${redisUrl}`);

  // SIGTERM (a rolling restart) / Ctrl-C: close the bot, which writes each shard's session with its
  // latest seq so that whoever runs these shards next RESUMEs; then the throttler and the store.
  const shutdown = closeOnSignal(bot, {
    also: [
      identifyThrottler,
      store,
      () => {
        const s = bot.stats();
        log(`closed: ${s.messagesIn} messages, ${s.identifies} identifies, ${s.resumes} resumes, ${s.gatewayFetches} discovery calls`);
      },
    ],
    logger: { debug: () => {}, info: (_, msg) => log(msg ?? ""), warn: (_, msg) => log(msg ?? ""), error: (_, msg) => log(msg ?? "") },
  });
  bot.state$.subscribe((s) => {
    log(`shard ${s.shard}: ${s.state}${s.reason ? ` (${s.reason})` : ""}`);
    if (s.state === "ready") note({ type: "ready", shard: s.shard });
  });
  bot.messages$.subscribe({
    next: (msg) => {
      log(`shard ${msg.shard}: ${msg.kind} message ${msg.id}: ${JSON.stringify(msg.text)}`);
      note({ type: "message", shard: msg.shard, id: msg.id, pid: process.pid });
      msg.reply(`echo from shard ${msg.shard} (pid ${process.pid}): ${msg.text}`).catch((err: unknown) => log(`reply failed: ${safeMessage(err)}`));
    },
    error: (err: unknown) => {
      log(`fatal: ${safeMessage(err)}`);
      void shutdown.shutdown("gateway stopped", 1);
    },
  });
}

/** Shards of worker `i` of `n`: contiguous ranges, as even as they go. */
const shardsOf = (i: number, n: number): number[] =>
  Array.from({ length: count }, (_, id) => id).filter((id) => Math.floor((id * n) / count) === i);

/** A guild whose messages the platform routes to `shard` (`(guild_id >> 22) % count`). */
const guildFor = (shard: number, n: number): string => String((BigInt(shard + count * (n + 1)) << 22n) + 7n);

async function launcher(n: number): Promise<void> {
  if (!(n >= 1 && n <= count)) throw new Error(`--launch must be between 1 and --count (${count})`);
  const probe = new RedisStore({ redis: redisUrl });
  await probe.get("qqbot-rx:probe").catch((err: unknown) => {
    throw new Error(`Redis is not reachable at ${redisUrl} (${safeMessage(err)}): start one (redis-server) or pass --redis`);
  }).finally(() => probe.close());

  const credentials = process.env.QQ_APP_ID && process.env.QQ_CLIENT_SECRET;
  const platform = credentials ? undefined : await startSimulatedPlatform({ shards: count, maxConcurrency: 1, identifyWindowMs: 1000 });
  const env: NodeJS.ProcessEnv = platform
    ? {
      ...process.env, QQ_APP_ID: platform.appId, QQ_CLIENT_SECRET: platform.clientSecret,
      QQBOT_API_BASE: platform.apiBase, QQBOT_TOKEN_URL: platform.tokenUrl, QQBOT_IDENTIFY_WINDOW_MS: "1000",
    }
    : process.env;
  if (platform) log(`no QQ_APP_ID/QQ_CLIENT_SECRET: simulated platform at ${platform.apiBase} (${count} shards, 1 IDENTIFY per second)`);

  const self = fileURLToPath(import.meta.url);
  const ready = new Set<number>();
  const deliveries = new Map<string, number[]>();
  let allReady!: () => void;
  const everyShardReady = new Promise<void>((resolve) => (allReady = resolve));
  const workers: ChildProcess[] = Array.from({ length: n }, (_, i) => {
    const ids = shardsOf(i, n);
    const child = fork(self, ["--shards", ids.join(","), "--count", String(count), "--redis", redisUrl], { env });
    child.on("message", (note: WorkerNote) => {
      if (note.type === "ready" && ready.add(note.shard).size === count) allReady();
      if (note.type === "message") deliveries.set(note.id, [...(deliveries.get(note.id) ?? []), note.pid]);
    });
    return child;
  });

  let stopping: Promise<void> | undefined;
  const stop = (why: string): Promise<void> =>
    (stopping ??= (async () => {
      log(`${why}: stopping ${n} workers`);
      const exits = workers.map((w) => (w.exitCode === null && w.signalCode === null ? once(w, "exit") : Promise.resolve()));
      for (const w of workers) w.kill("SIGTERM");
      await Promise.all(exits);
      await platform?.close();
    })());
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  if (platform) await demo(platform, everyShardReady, deliveries);
  if (platform && process.argv.includes("--once")) await stop("demo done");
}

/** Push one message per shard, drop every socket, push again; print who delivered what and what it cost. */
async function demo(platform: SimulatedPlatform, everyShardReady: Promise<void>, deliveries: Map<string, number[]>): Promise<void> {
  await everyShardReady;
  const s0 = platform.stats();
  log(`all ${count} shards ready: /gateway/bot calls ${s0.gatewayBotCalls}, identifies ${s0.identifies}`);
  const pushed: string[] = [];
  const pushRound = (round: number): void => {
    for (let shard = 0; shard < count; shard++) {
      pushed.push(platform.pushMessage("guild", { guild_id: guildFor(shard, round), content: `<@!${platform.botUser.id}> hi shard ${shard}` }).d.id as string);
    }
  };
  pushRound(0);
  const resumed = platform.waitFor("resumed", platform.stats().resumes - platform.stats().resumesRejected + count);
  platform.faults.closeAll(4009, "a reconnect storm");
  await resumed;
  pushRound(1);
  while (pushed.some((id) => !deliveries.has(id))) await new Promise((resolve) => setTimeout(resolve, 50));
  const s1 = platform.stats();
  const twice = pushed.filter((id) => (deliveries.get(id)?.length ?? 0) > 1).length;
  log(`delivered ${pushed.length}/${pushed.length} messages (${twice} twice); after the storm: resumes ${s1.resumes}, ` +
    `identifies ${s1.identifies}, /gateway/bot calls ${s1.gatewayBotCalls}${process.argv.includes("--once") ? "" : "; Ctrl-C to stop"}`);
}

const launch = arg("launch");
const main = launch !== undefined ? launcher(Number(launch)) : worker((arg("shards") ?? "0").split(",").map(Number));
main.catch((err: unknown) => {
  console.error(safeMessage(err));
  process.exitCode = 1;
});
