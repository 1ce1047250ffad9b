/**
 * `qqbot-rx/metrics` over a stand-in bot, scraped in the Prometheus text format: counters
 * follow `stats()` at each scrape, the state gauge has one series per state, the recovery
 * histogram observes "down → ready again" from `state$` times, and the send histogram each
 * `sends$` record; bad options and a second registration are `QQBotConfigError`s.
 */
import { register as globalRegistry, Registry } from "prom-client";
import { Subject } from "rxjs";
import { marbles } from "rxjs-marbles";
import { describe, expect, it } from "vitest";
import { recoveryTimes, registerMetrics } from "../../src/metrics/index.js";
import { counterName, snakeCase } from "../../src/metrics/metric-names.js";
import { ConnectionState, QQBotConfigError, type SendRecord, type StateChange } from "../../src/index.js";
import { emptyStats } from "../../src/stats.js";

function fakeBot() {
  const stats = emptyStats();
  const state$ = new Subject<StateChange>();
  const sends$ = new Subject<SendRecord>();
  return { stats: () => ({ ...stats }), counters: stats, state$, sends$ };
}

const lines = (text: string): string[] => text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));

describe("metric names", () => {
  it("are the BotStats field in snake_case with the prefix and _total", () => {
    expect(snakeCase("gatewayFetches")).toBe("gateway_fetches");
    expect(snakeCase("badFrames")).toBe("bad_frames");
    expect(counterName("qqbot_rx_", "identifies")).toBe("qqbot_rx_identifies_total");
  });
});

describe("registerMetrics", () => {
  it("has a counter for every stats() field, read at each scrape", async () => {
    const bot = fakeBot();
    const registry = new Registry();
    registerMetrics(bot, { registry, appId: "102000001" });
    bot.counters.identifies = 1;
    bot.counters.resumes = 3;
    const first = lines(await registry.metrics());
    for (const [name, value] of Object.entries(bot.stats())) {
      expect(first).toContain(`qqbot_rx_${snakeCase(name)}_total{app_id="102000001"} ${value}`);
    }
    bot.counters.resumes = 5;
    expect(lines(await registry.metrics())).toContain('qqbot_rx_resumes_total{app_id="102000001"} 5');
    expect(lines(await registry.metrics())).toContain('qqbot_rx_resumes_total{app_id="102000001"} 5');
  });

  it("exports the state of each shard as 1 for the current state and 0 for the others", async () => {
    const bot = fakeBot();
    const registry = new Registry();
    registerMetrics(bot, { registry });
    bot.state$.next({ shard: 0, state: "ready", at: 0 });
    bot.state$.next({ shard: 1, state: "reconnecting", at: 0, reason: "close 4009", retryInMs: 0 });
    const text = lines(await registry.getSingleMetricAsString("qqbot_rx_shard_state"));
    expect(text).toHaveLength(2 * Object.values(ConnectionState).length);
    for (const state of Object.values(ConnectionState)) {
      expect(text).toContain(`qqbot_rx_shard_state{shard="0",state="${state}"} ${state === "ready" ? 1 : 0}`);
      expect(text).toContain(`qqbot_rx_shard_state{shard="1",state="${state}"} ${state === "reconnecting" ? 1 : 0}`);
    }
  });

  it("observes recovery times per shard from state$ (down at the first reconnecting, up at ready)", async () => {
    const bot = fakeBot();
    const registry = new Registry();
    registerMetrics(bot, { registry, appId: "7", recoveryBuckets: [1, 2.5, 5] });
    for (const [state, at] of [["ready", 0], ["reconnecting", 1_000], ["connecting", 1_100], ["reconnecting", 2_000], ["resuming", 3_000], ["ready", 3_500]] as const) {
      bot.state$.next({ shard: 0, state, at });
    }
    bot.state$.next({ shard: 3, state: "ready", at: 0 });
    bot.state$.next({ shard: 3, state: "reconnecting", at: 10_000 });
    bot.state$.next({ shard: 3, state: "ready", at: 10_400 });
    expect(lines(await registry.getSingleMetricAsString("qqbot_rx_reconnect_recovery_seconds"))).toEqual([
      'qqbot_rx_reconnect_recovery_seconds_bucket{le="1",app_id="7",shard="0"} 0',
      'qqbot_rx_reconnect_recovery_seconds_bucket{le="2.5",app_id="7",shard="0"} 1',
      'qqbot_rx_reconnect_recovery_seconds_bucket{le="5",app_id="7",shard="0"} 1',
      'qqbot_rx_reconnect_recovery_seconds_bucket{le="+Inf",app_id="7",shard="0"} 1',
      'qqbot_rx_reconnect_recovery_seconds_sum{app_id="7",shard="0"} 2.5',
      'qqbot_rx_reconnect_recovery_seconds_count{app_id="7",shard="0"} 1',
      'qqbot_rx_reconnect_recovery_seconds_bucket{le="1",app_id="7",shard="3"} 1',
      'qqbot_rx_reconnect_recovery_seconds_bucket{le="2.5",app_id="7",shard="3"} 1',
      'qqbot_rx_reconnect_recovery_seconds_bucket{le="5",app_id="7",shard="3"} 1',
      'qqbot_rx_reconnect_recovery_seconds_bucket{le="+Inf",app_id="7",shard="3"} 1',
      'qqbot_rx_reconnect_recovery_seconds_sum{app_id="7",shard="3"} 0.4',
      'qqbot_rx_reconnect_recovery_seconds_count{app_id="7",shard="3"} 1',
    ]);
  });

  it("observes every send's duration by target and outcome", async () => {
    const bot = fakeBot();
    const registry = new Registry();
    registerMetrics(bot, { registry, prefix: "bot_", sendBuckets: [0.1, 1] });
    bot.sends$.next({ target: "c2c", at: 0, durationMs: 30, ok: true });
    bot.sends$.next({ target: "c2c", at: 0, durationMs: 50, ok: true });
    bot.sends$.next({ target: "group", at: 0, durationMs: 700, ok: false, code: "REPLY_EXPIRED" });
    expect(lines(await registry.getSingleMetricAsString("bot_send_duration_seconds"))).toEqual([
      'bot_send_duration_seconds_bucket{le="0.1",target="c2c",outcome="ok"} 2',
      'bot_send_duration_seconds_bucket{le="1",target="c2c",outcome="ok"} 2',
      'bot_send_duration_seconds_bucket{le="+Inf",target="c2c",outcome="ok"} 2',
      'bot_send_duration_seconds_sum{target="c2c",outcome="ok"} 0.08',
      'bot_send_duration_seconds_count{target="c2c",outcome="ok"} 2',
      'bot_send_duration_seconds_bucket{le="0.1",target="group",outcome="REPLY_EXPIRED"} 0',
      'bot_send_duration_seconds_bucket{le="1",target="group",outcome="REPLY_EXPIRED"} 1',
      'bot_send_duration_seconds_bucket{le="+Inf",target="group",outcome="REPLY_EXPIRED"} 1',
      'bot_send_duration_seconds_sum{target="group",outcome="REPLY_EXPIRED"} 0.7',
      'bot_send_duration_seconds_count{target="group",outcome="REPLY_EXPIRED"} 1',
    ]);
  });

  it("unregister() stops following the bot and removes every metric; the names are then free again", async () => {
    const bot = fakeBot();
    const registry = new Registry();
    const other = new Registry();
    const mine = registerMetrics(bot, { registry });
    registerMetrics(bot, { registry: other, prefix: "x_" }); // metrics in another registry stay
    expect(registry.getMetricsAsArray().map((m) => m.name).sort()).toEqual([...mine.names].sort());
    expect(mine.names).toHaveLength(Object.keys(bot.stats()).length + 3);
    mine.unregister();
    mine.unregister();
    expect((await registry.metrics()).trim()).toBe("");
    expect(bot.state$.observed).toBe(true); // the other registration still listens
    expect(other.getMetricsAsArray()).toHaveLength(mine.names.length);
    expect(() => registerMetrics(bot, { registry })).not.toThrow();
  });

  it("registers on prom-client's global registry when none is given", async () => {
    const handle = registerMetrics(fakeBot());
    try {
      expect(lines(await globalRegistry.getSingleMetricAsString("qqbot_rx_identifies_total"))).toEqual(["qqbot_rx_identifies_total 0"]);
    } finally {
      handle.unregister();
    }
    expect(globalRegistry.getSingleMetric("qqbot_rx_identifies_total")).toBeUndefined();
  });

  it("refuses a bad prefix, an empty app id and a name already registered, with a QQBotConfigError", () => {
    const bot = fakeBot();
    const registry = new Registry();
    expect(() => registerMetrics(bot, { registry, prefix: "qqbot-rx " })).toThrow(QQBotConfigError);
    expect(() => registerMetrics(bot, { registry, appId: "" })).toThrow(/appId must be a non-empty string/);
    registerMetrics(bot, { registry });
    expect(() => registerMetrics(bot, { registry })).toThrow(/registry already has qqbot_rx_gateway_fetches_total/);
  });
});

describe("recoveryTimes", () => {
  it("emits down → ready durations; idle, closed and fatal end a down period without one; leaving ready is going down", marbles((m) => {
    const v = (state: StateChange["state"], at: number): StateChange => ({ shard: 0, state, at });
    const values = {
      R: v("ready", 0), x: v("reconnecting", 100), c: v("connecting", 150), S: v("ready", 400), i: v("idle", 500), T: v("ready", 600),
      C: v("cooling-down", 700), U: v("ready", 1000), y: v("reconnecting", 1100), f: v("fatal", 1200), V: v("ready", 1300),
      o: v("connecting", 1400), W: v("ready", 1500),
    };
    const source = m.cold("R-x-c-S-i-T-C-U-y-f-V-o-W|", values);
    // a: x@100 → S@400; idle cancels; b: C@700 → U@1000; fatal cancels; d: a ready shard left ready (o@1400) → W@1500.
    const expected = m.cold("------a-------b---------d|", { a: { shard: 0, downMs: 300 }, b: { shard: 0, downMs: 300 }, d: { shard: 0, downMs: 100 } });
    m.expect(source.pipe(recoveryTimes())).toBeObservable(expected);
  }));
});
