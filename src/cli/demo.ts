/**
 * `npm start`: the demo.
 *
 * Without `QQ_APP_ID`/`QQ_CLIENT_SECRET`: starts the simulated QQ platform in-process with
 * `/gateway` limited to 2 calls per minute (like the real one), connects an echo bot, keeps a
 * message stream flowing, and injects the death-loop storm: 20 × close 4009 in bursts of
 * quick drops. It prints what happens live and a summary at the end.
 *
 * With credentials: runs the echo bot against the real platform (`--sandbox` for the sandbox).
 * `--webhook`: the webhook transport demo (examples/webhook-bot.ts).
 */
import { filter, firstValueFrom } from "rxjs";
import { createBot, Intents, safeMessage, type Bot, type Logger, type Message } from "../index.js";
import { startSimulatedPlatform } from "../testing/index.js";

const STORM_ROUNDS = 4;
const QUICK_DROPS_PER_ROUND = 4;
const QUICK_LIFETIME_MS = 250;
const HEALTHY_LIFETIME_MS = 5_500;
const MESSAGE_EVERY_MS = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const time = () => new Date().toISOString().slice(11, 23);

const consoleLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (obj, msg) => console.warn(`${time()} warn  ${msg ?? ""} ${typeof obj === "string" ? obj : JSON.stringify(obj)}`),
  error: (obj, msg) => console.error(`${time()} error ${msg ?? ""} ${typeof obj === "string" ? obj : JSON.stringify(obj)}`),
};

function echo(bot: Bot, onMessage?: (m: Message) => void): void {
  bot.messages$.subscribe({
    next: (msg) => {
      onMessage?.(msg);
      msg.reply(`echo: ${msg.text}`).catch((err: unknown) => console.error(`${time()} reply failed: ${safeMessage(err)}`));
    },
    error: (err: unknown) => {
      console.error(`${time()} FATAL ${safeMessage(err)}`);
      process.exitCode = 1;
    },
  });
}

async function runReal(appId: string, clientSecret: string, sandbox: boolean): Promise<void> {
  const bot = createBot({ appId, clientSecret, sandbox, intents: Intents.PUBLIC_MESSAGES, logger: consoleLogger });
  bot.state$.subscribe((s) => console.log(`${time()} state ${s.state}${s.reason ? ` (${s.reason})` : ""}`));
  echo(bot, (m) => console.log(`${time()} ${m.kind} message from ${m.author.id}: ${m.text}`));
  const stop = () => void bot.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function runDemo(): Promise<void> {
  const platform = await startSimulatedPlatform({
    gatewayRateLimit: { calls: 2, windowMs: 60_000 },
    heartbeatIntervalMs: 2_000,
    identifyWindowMs: 0,
  });
  console.log(`simulated QQ platform on ${platform.apiBase} (/gateway limited to 2 calls per 60 s)`);
  const bot = createBot({
    appId: platform.appId, clientSecret: platform.clientSecret,
    apiBase: platform.apiBase, tokenUrl: platform.tokenUrl,
    intents: Intents.PUBLIC_MESSAGES, logger: consoleLogger,
  });
  // One line per drop: what closed it and how long until READY/RESUMED again.
  let drops = 0;
  let droppedAt: { at: number; why: string } | undefined;
  bot.state$.subscribe((s) => {
    if (s.state === "reconnecting" || s.state === "cooling-down") {
      droppedAt ??= { at: Date.now(), why: (s.reason ?? s.state).split(" (")[0]! };
    } else if (s.state === "ready") {
      if (!droppedAt) return console.log(`${time()} ready`);
      const st = bot.stats();
      console.log(`${time()} drop #${++drops}: ${droppedAt.why} → resumed in ${Date.now() - droppedAt.at} ms` +
        ` (resumes ${st.resumes}, /gateway fetches ${st.gatewayFetches}, URL cache hits ${st.gatewayCacheHits})`);
      droppedAt = undefined;
    } else if (s.state === "fatal" || s.state === "closed") {
      console.log(`${time()} ${s.state}${s.reason ? `: ${s.reason}` : ""}`);
    }
  });
  const received = new Map<string, number>();
  echo(bot, (m) => received.set(m.id, (received.get(m.id) ?? 0) + 1));
  await firstValueFrom(bot.state$.pipe(filter((s) => s.state === "ready")));

  const pushed: string[] = [];
  const kinds = ["c2c", "group", "guild", "direct"] as const;
  const feeder = setInterval(() => {
    pushed.push(platform.pushMessage(kinds[pushed.length % kinds.length]!, { content: `message #${pushed.length + 1}` }).d.id);
  }, MESSAGE_EVERY_MS);

  await sleep(1_000);
  console.log(`${time()} storm: ${STORM_ROUNDS} rounds of (close 4009 + ${QUICK_DROPS_PER_ROUND} connections dropped ${QUICK_LIFETIME_MS} ms after opening)`);
  for (let round = 0; round < STORM_ROUNDS; round++) {
    const resumesBefore = platform.stats().resumes;
    platform.faults.closeAfterOpen(4009, QUICK_LIFETIME_MS, QUICK_DROPS_PER_ROUND);
    platform.faults.closeAll(4009, "session timed out");
    await platform.waitFor("resumed", resumesBefore + QUICK_DROPS_PER_ROUND + 1);
    console.log(`${time()} round ${round + 1} done; connection now stays up ${HEALTHY_LIFETIME_MS} ms (resets the quick-disconnect count)`);
    await sleep(HEALTHY_LIFETIME_MS);
  }
  clearInterval(feeder);
  const deadline = Date.now() + 10_000;
  while (pushed.some((id) => !received.has(id)) && Date.now() < deadline) await sleep(100);
  await sleep(500);

  const s = bot.stats();
  const p = platform.stats();
  const lost = pushed.filter((id) => !received.has(id)).length;
  const twice = [...received.values()].filter((n) => n > 1).length;
  const replies = Object.values(p.messagesSent).reduce((a, b) => a + b, 0);
  console.log("\nsummary");
  console.table({
    "closes injected (4009)": p.closesByCode["4009"] ?? 0,
    "reconnects": s.reconnects,
    "resumes": s.resumes,
    "identifies": s.identifies,
    "/gateway calls": p.gatewayCalls,
    "/gateway rate-limited": p.gatewayRateLimited,
    "gateway URL cache hits": s.gatewayCacheHits,
    "token calls": p.tokenCalls,
    "messages pushed": pushed.length,
    "messages received": received.size,
    "messages lost": lost,
    "delivered twice": twice,
    "duplicates dropped (replays)": s.duplicatesDropped,
    "echo replies sent": replies,
  });
  const ok = lost === 0 && twice === 0 && p.gatewayCalls === 1;
  console.log(ok ? "storm survived: 1 /gateway call, nothing lost" : "storm NOT survived cleanly");
  await bot.close();
  await platform.close();
  if (!ok) process.exitCode = 1;
}

const appId = process.env.QQ_APP_ID;
const clientSecret = process.env.QQ_CLIENT_SECRET;
if (process.argv.includes("--webhook")) {
  // `npm start -- --webhook`: the same echo bot fed by signed HTTP callbacks (examples/webhook-bot.ts).
  await import("../../examples/webhook-bot.js");
} else if (appId && clientSecret) {
  void runReal(appId, clientSecret, process.argv.includes("--sandbox"));
} else {
  console.log("no QQ_APP_ID/QQ_CLIENT_SECRET set: running the demo on the built-in simulated QQ platform");
  runDemo().catch((err: unknown) => {
    console.error(safeMessage(err));
    process.exitCode = 1;
  });
}
