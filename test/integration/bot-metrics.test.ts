/**
 * `qqbot-rx/metrics` on a real bot against the simulator, scraped as Prometheus text from a
 * fresh prom-client `Registry`: after a connection, a dropped socket (close 4009 → RESUME) and a
 * reply, every counter equals `bot.stats()`, the shard's state series say `ready`, the recovery
 * histogram holds the one reconnect (its time matching `state$`) and the send histogram the one
 * reply. The same scrape is served over HTTP by `examples/metrics-server.ts`'s handler shape.
 */
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { registerMetrics } from "../../src/metrics/index.js";
import { snakeCase } from "../../src/metrics/metric-names.js";
import { closeHarnesses, startHarness } from "../helpers/bot-harness.js";

afterEach(closeHarnesses);

const lines = (text: string): string[] => text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));

describe("Prometheus metrics of a bot on the simulator", () => {
  it("counters, state, recovery and send latency after a reconnect and a reply", async () => {
    const h = await startHarness({ connect: false });
    const registry = new Registry();
    const metrics = registerMetrics(h.bot, { registry, appId: h.platform.appId });
    const app = `app_id="${h.platform.appId}"`;
    h.connect();
    await h.waitForState("ready");

    const from = h.states.length;
    h.platform.faults.closeAll(4009, "session timed out");
    const down = await h.waitForState("reconnecting", from);
    const up = await h.waitForState("ready", from);
    h.platform.pushMessage("c2c", { content: "ping" });
    const [msg] = await h.waitForMessages(1);
    await msg!.reply("pong");

    const text = lines(await registry.metrics());
    const stats = h.bot.stats();
    expect(stats).toMatchObject({ identifies: 1, resumes: 1, reconnects: 1, messagesIn: 1, sent: 1 });
    for (const [name, value] of Object.entries(stats)) expect(text).toContain(`qqbot_rx_${snakeCase(name)}_total{${app}} ${value}`);
    expect(text.filter((l) => l.startsWith("qqbot_rx_") && l.includes("_total{"))).toHaveLength(Object.keys(stats).length);

    expect(text).toContain(`qqbot_rx_shard_state{${app},shard="0",state="ready"} 1`);
    expect(text).toContain(`qqbot_rx_shard_state{${app},shard="0",state="reconnecting"} 0`);
    expect(text.filter((l) => l.startsWith("qqbot_rx_shard_state{") && l.endsWith(" 1"))).toHaveLength(1);

    expect(text).toContain(`qqbot_rx_reconnect_recovery_seconds_count{${app},shard="0"} 1`);
    expect(text).toContain(`qqbot_rx_reconnect_recovery_seconds_sum{${app},shard="0"} ${(up.at - down.at) / 1000}`);
    expect(text).toContain(`qqbot_rx_reconnect_recovery_seconds_bucket{le="+Inf",${app},shard="0"} 1`);

    expect(text).toContain(`qqbot_rx_send_duration_seconds_count{${app},target="c2c",outcome="ok"} 1`);
    const sum = Number(text.find((l) => l.startsWith(`qqbot_rx_send_duration_seconds_sum{${app},target="c2c",outcome="ok"}`))?.split(" ")[1]);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(15);

    metrics.unregister();
    expect((await registry.metrics()).trim()).toBe("");
  });
});
