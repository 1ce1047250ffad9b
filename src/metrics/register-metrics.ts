/**
 * `registerMetrics(bot, { registry })`: the bot's counters, per-shard states, reconnect
 * recovery times and send latencies as Prometheus metrics on a `prom-client` registry.
 */
import { Counter, Gauge, Histogram, register as globalRegistry, type Registry } from "prom-client";
import type { Observable } from "rxjs";
import { QQBotConfigError, type ConfigProblem } from "../errors.js";
import type { SendRecord } from "../messages/timed-sender.js";
import type { BotStats, StatName } from "../stats.js";
import { ConnectionState, type StateChange } from "../transport/state.js";
import { counterName, METRIC_NAME } from "./metric-names.js";
import { recoveryTimes } from "./recovery-times.js";

/** What the metrics read from a bot (a `Bot` has all of it). */
export interface MetricsSource {
  /** The counters now (read at each scrape). */
  stats(): BotStats;
  /** Per-shard state changes (replaying the current states). */
  readonly state$: Observable<StateChange>;
  /** Every finished send. */
  readonly sends$: Observable<SendRecord>;
}

/** Options of {@link registerMetrics}. */
export interface MetricsOptions {
  /** The `prom-client` registry to register on; default: prom-client's global `register`. */
  // biome-ignore lint/suspicious/noExplicitAny: a Prometheus or an OpenMetrics registry
  registry: Registry<any>;
  /** Value of the `app_id` label on every metric; no such label when omitted. */
  appId: string | undefined;
  /** Prefix of every metric name (one bot per registry and prefix). */
  prefix: string;
  /** Buckets (seconds) of the reconnect recovery histogram. */
  recoveryBuckets: readonly number[];
  /** Buckets (seconds) of the send duration histogram. */
  sendBuckets: readonly number[];
}

/** Defaults of {@link MetricsOptions} (`registry` defaults to prom-client's global `register`). */
export const DEFAULT_METRICS_OPTIONS = {
  /** @inheritDoc MetricsOptions.appId */
  appId: undefined,
  /** @inheritDoc MetricsOptions.prefix */
  prefix: "qqbot_rx_",
  /** @inheritDoc MetricsOptions.recoveryBuckets */
  recoveryBuckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  /** @inheritDoc MetricsOptions.sendBuckets */
  sendBuckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
} as const satisfies Omit<MetricsOptions, "registry">;

/** What {@link registerMetrics} returns. */
export interface MetricsHandle {
  /** Every metric name registered. */
  readonly names: readonly string[];
  /** Stop following the bot and remove every metric from the registry. Idempotent. */
  unregister(): void;
}

/**
 * Register the bot's counters, per-shard states, reconnect recovery times and send latencies
 * as Prometheus metrics on `registry` (names with the default `prefix`):
 *
 * | metric | type | labels |
 * |---|---|---|
 * | `qqbot_rx_<stat>_total`, one per `bot.stats()` field (`identifies` → `qqbot_rx_identifies_total`) | counter | `app_id` |
 * | `qqbot_rx_shard_state` (1 for the shard's current state, 0 for the others) | gauge | `app_id`, `shard`, `state` |
 * | `qqbot_rx_reconnect_recovery_seconds` (down → ready again, see `ShardHealth.downSince`) | histogram | `app_id`, `shard` |
 * | `qqbot_rx_send_duration_seconds` (every `send`/`reply`) | histogram | `app_id`, `target`, `outcome` (`ok` or the error code) |
 *
 * Counters and states are read when the registry is scraped (nothing is copied between
 * scrapes); the histograms are fed from `bot.state$` and `bot.sends$`. `app_id` is present
 * only when `appId` is given.
 *
 * Throws `QQBotConfigError` for a bad prefix or app id, or when a metric of the same name is
 * already registered (another bot on the same registry needs another `prefix`).
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * const metrics = registerMetrics(bot, { registry, appId: process.env.QQ_APP_ID });
 * // GET /metrics → res.end(await registry.metrics())
 * metrics.unregister(); // on shutdown, or to register the bot elsewhere
 * ```
 */
export function registerMetrics(bot: MetricsSource, options: Partial<MetricsOptions> = {}): MetricsHandle {
  const opts = { ...DEFAULT_METRICS_OPTIONS, ...options, registry: options.registry ?? globalRegistry };
  const { registry, prefix } = opts;
  const base: Record<string, string> = opts.appId === undefined ? {} : { app_id: opts.appId };
  const baseNames = Object.keys(base);
  const stats = Object.keys(bot.stats()) as StatName[];
  const names = {
    state: `${prefix}shard_state`,
    recovery: `${prefix}reconnect_recovery_seconds`,
    send: `${prefix}send_duration_seconds`,
  };
  const counters = stats.map((stat) => ({ stat, name: counterName(prefix, stat) }));
  const all = [...counters.map((c) => c.name), ...Object.values(names)];
  checkOptions(opts, all);

  const registers = [registry];
  for (const { stat, name } of counters) {
    let reported = 0;
    new Counter({
      name,
      help: `qqbot-rx counter stats().${stat} (see BotStats in the API reference)`,
      labelNames: baseNames,
      registers,
      collect() {
        const now = bot.stats()[stat];
        this.inc(base, Math.max(0, now - reported));
        reported = Math.max(reported, now);
      },
    });
  }

  const states = new Map<number, StateChange["state"]>();
  const allStates = Object.values(ConnectionState);
  new Gauge({
    name: names.state,
    help: "qqbot-rx connection state per shard: 1 for the current state, 0 for the others",
    labelNames: [...baseNames, "shard", "state"],
    registers,
    collect() {
      this.reset();
      for (const [shard, current] of states) {
        for (const state of allStates) this.set({ ...base, shard: String(shard), state }, state === current ? 1 : 0);
      }
    },
  });
  const recovery = new Histogram({
    name: names.recovery,
    help: "qqbot-rx time from a shard going down (connection dropped or attempt failed) to ready again, in seconds",
    labelNames: [...baseNames, "shard"],
    buckets: [...opts.recoveryBuckets],
    registers,
  });
  const sends = new Histogram({
    name: names.send,
    help: "qqbot-rx duration of send/reply calls (uploads, parts and retries included), in seconds",
    labelNames: [...baseNames, "target", "outcome"],
    buckets: [...opts.sendBuckets],
    registers,
  });

  const subscriptions = [
    bot.state$.subscribe((change) => states.set(change.shard, change.state)),
    bot.state$.pipe(recoveryTimes()).subscribe(({ shard, downMs }) => recovery.observe({ ...base, shard: String(shard) }, downMs / 1000)),
    bot.sends$.subscribe((r) => sends.observe({ ...base, target: r.target, outcome: r.ok ? "ok" : (r.code ?? "UNKNOWN") }, r.durationMs / 1000)),
  ];
  let registered = true;
  return {
    names: all,
    unregister() {
      if (!registered) return;
      registered = false;
      for (const s of subscriptions) s.unsubscribe();
      for (const name of all) registry.removeSingleMetric(name);
    },
  };
}

function checkOptions(opts: MetricsOptions, names: readonly string[]): void {
  const problems: ConfigProblem[] = [];
  if (typeof opts.prefix !== "string" || (opts.prefix !== "" && !METRIC_NAME.test(opts.prefix))) {
    problems.push({ field: "prefix", problem: `must be a Prometheus name prefix ([a-zA-Z_:][a-zA-Z0-9_:]*), got ${JSON.stringify(opts.prefix)}` });
  }
  if (opts.appId !== undefined && (typeof opts.appId !== "string" || opts.appId === "")) {
    problems.push({ field: "appId", problem: "must be a non-empty string when given" });
  }
  const taken = problems.length === 0 ? names.filter((name) => opts.registry.getSingleMetric(name) !== undefined) : [];
  if (taken.length > 0) {
    problems.push({ field: "registry", problem: `already has ${taken.join(", ")}: register another bot with another prefix, or unregister the first` });
  }
  if (problems.length > 0) throw new QQBotConfigError(problems);
}
