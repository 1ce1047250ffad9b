/**
 * The benchmark harness's own checks (the benchmarks are not part of `npm test`, but what
 * makes their figures trustworthy is): client processes cannot leave loopback, qq-official-bot
 * is really pointed at the simulated platform, and a throughput round only counts when every
 * frame arrived once, in order.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulatedPlatform } from "../../src/testing/index.js";
import { guardLoopbackOnly } from "../../bench/clients/loopback-guard.js";
import { Tally } from "../../bench/clients/measures.js";
import { PeerClient } from "../../bench/clients/peer-client.js";
import { infoOf } from "../../bench/lib/platform-watch.js";
import { within } from "../helpers/bot-harness.js";
import { onCleanup, runCleanups } from "../helpers/cleanups.js";
import { until } from "../helpers/until.js";

afterEach(runCleanups);

describe("loopback guard", () => {
  it("refuses a socket to another host and lets loopback through", async () => {
    guardLoopbackOnly();
    expect(() => net.connect({ host: "192.0.2.1", port: 9 })).toThrow(/refusing a connection to 192\.0\.2\.1/);
    expect(() => net.connect(9, "example.com")).toThrow(/refusing a connection to example\.com/);
    const server = net.createServer((s) => s.end("hi"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as net.AddressInfo;
    const text = await new Promise<string>((resolve, reject) => {
      const s = net.connect({ host: "127.0.0.1", port });
      let got = "";
      s.on("data", (d) => (got += d.toString()));
      s.on("end", () => resolve(got));
      s.on("error", reject);
    });
    expect(text).toBe("hi");
  });
});

describe("qq-official-bot pointed at the simulated platform", () => {
  it("gets its token and /gateway/bot from the platform, connects, and hands over a pushed C2C message", async () => {
    const platform = await startSimulatedPlatform({ heartbeatIntervalMs: 10_000, identifyWindowMs: 0 });
    onCleanup(() => platform.close());
    const got: Array<{ seq: number; id: string; content: string }> = [];
    const peer = new PeerClient(infoOf(platform), (seq, id, content) => got.push({ seq, id, content }));
    onCleanup(async () => {
      await peer.close();
      // Its token refresh timer outlives stop(); clear it so the test process can end.
      (peer.bot as unknown as { sessionManager: { authManager: { destroy(): void } } }).sessionManager.authManager.destroy();
    });
    await within(peer.start(), "qq-official-bot to be ready", 5000);
    const stats = platform.stats();
    expect(stats.tokenCalls).toBe(1);
    expect(stats.gatewayBotCalls).toBe(1);
    expect(stats.identifies).toBe(1);
    const pushed = platform.pushMessage("c2c", { content: "ping" });
    await until(() => got.length === 1, 5000);
    expect(got[0]).toEqual({ seq: expect.any(Number), id: pushed.d.id, content: "ping" });
    expect(got[0]!.seq).toBeGreaterThan(0);
  });
});

describe("Tally", () => {
  it("completes a round only with the target count and flags out-of-order or extra deliveries", async () => {
    const tally = new Tally();
    tally.arm(3);
    for (const s of [5, 6, 7]) tally.record(s);
    const ok = await tally.done(1000, 0);
    expect(ok).toMatchObject({ delivered: 3, outOfOrder: 0, extra: 0 });
    expect(ok.cpuUs).toBeGreaterThanOrEqual(0);

    tally.arm(3);
    for (const s of [8, 8, 10]) tally.record(s); // a duplicate and a gap
    const bad = await tally.done(1000, 20);
    expect(bad.outOfOrder).toBe(2);

    tally.arm(2);
    tally.record(11);
    tally.record(12);
    const pending = tally.done(1000, 30);
    tally.record(13); // after the round was complete
    expect((await pending).extra).toBe(1);

    tally.arm(5);
    tally.record(1);
    const short = await tally.done(30, 0);
    expect(short.delivered).toBe(1);
    expect(short.cpuUs).toBeNaN();
  });
});
