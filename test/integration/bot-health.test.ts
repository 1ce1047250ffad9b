/**
 * `bot.health()`, `bot.health$` and the probes against the simulator: a bot that is not
 * connected is alive but not ready; connected, it is ready; a dropped connection makes it
 * degraded (since the drop) until it RESUMEs; a fatal close code makes it fatal with the
 * error's code (liveness fails); `close()` makes it closed; a fatal error that quotes the client
 * secret shows it redacted. The probes are read over HTTP from `nodeHealthListener` on a real
 * loopback server.
 */
import { afterEach, describe, expect, it } from "vitest";
import { nodeHealthListener, QQAuthError, type BotHealth } from "../../src/index.js";
import { closeHarnesses, startHarness, within } from "../helpers/bot-harness.js";
import { closeServers, serve } from "../helpers/loopback-server.js";

afterEach(async () => {
  closeServers();
  await closeHarnesses();
});

async function probe(base: string, path: string): Promise<{ status: number; body: BotHealth | { error: string } }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: (await res.json()) as BotHealth };
}

describe("bot health against the simulator", () => {
  it("idle → starting → ready → degraded (4009) → ready → closed, with the probes following", async () => {
    const h = await startHarness({ connect: false });
    const seen: BotHealth[] = [];
    h.bot.health$.subscribe((x) => seen.push(x));
    const { url } = await serve(nodeHealthListener(h.bot));

    expect(h.bot.health()).toMatchObject({ status: "idle", shards: [{ shard: 0, state: "idle" }] });
    expect(await probe(url, "/healthz")).toMatchObject({ status: 200, body: { status: "idle" } });
    expect((await probe(url, "/readyz")).status).toBe(503);
    expect(await probe(url, "/elsewhere")).toEqual({ status: 404, body: { error: "not-found" } });

    h.connect();
    await h.waitForState("ready");
    expect(h.bot.health()).toMatchObject({ status: "ready", shards: [{ shard: 0, state: "ready" }] });
    expect(await probe(url, "/readyz")).toMatchObject({ status: 200, body: { status: "ready" } });

    const from = h.states.length;
    h.platform.faults.closeAll(4009, "session timed out");
    const dropped = await h.waitForState("reconnecting", from);
    await h.waitForState("ready", from);
    const statuses = seen.map((x) => x.status);
    expect(statuses.slice(0, 2)).toEqual(["idle", "starting"]);
    expect(statuses.filter((s, i) => s !== statuses[i - 1])).toEqual(["idle", "starting", "ready", "degraded", "ready"]);
    const degraded = seen.filter((x) => x.status === "degraded");
    expect(degraded[0]).toMatchObject({ since: dropped.at, shards: [{ state: "reconnecting", downSince: dropped.at, reason: dropped.reason }] });
    expect(degraded.every((x) => x.since === dropped.at && x.shards[0]!.downSince === dropped.at)).toBe(true);
    expect(degraded.map((x) => x.shards[0]!.state)).toContain("resuming");
    expect(h.bot.health().shards[0]!.downSince).toBeUndefined();

    await h.bot.close();
    expect(h.bot.health().status).toBe("closed");
    expect(await probe(url, "/healthz")).toMatchObject({ status: 503, body: { status: "closed" } });
    expect(seen.at(-1)!.status).toBe("closed");
  });

  it("a fatal close code: health fatal with the error's code; liveness fails", async () => {
    const h = await startHarness();
    const { url } = await serve(nodeHealthListener(h.bot, { livenessPath: "/live", readinessPath: "/ready" }));
    await h.waitForState("ready");
    h.platform.faults.closeAll(4915, "banned");
    await within(h.ended, "messages$ to error");
    expect(h.bot.health()).toMatchObject({
      status: "fatal",
      shards: [{ shard: 0, state: "fatal", reason: expect.stringContaining("4915") }],
      error: { code: "CLOSE_CODE_FATAL", message: expect.stringContaining("4915") },
    });
    const live = await probe(url, "/live");
    expect(live).toMatchObject({ status: 503, body: { status: "fatal", error: { code: "CLOSE_CODE_FATAL" } } });
    expect((await probe(url, "/ready")).status).toBe(503);
    expect(JSON.stringify(live.body)).not.toContain(h.platform.clientSecret);
  });

  it("a fatal error quoting the client secret: health, state, log and messages$'s error show it redacted", async () => {
    const secret = "health-secret-5a4b3c2d1e0f";
    // A collaborator the bot does not redact at the source (here its identify throttler) refuses with the secret in the message.
    const refused = (): Promise<void> =>
      Promise.reject(new QQAuthError(`the slot store refused ${secret} (sent QQBot abcdefgh12345678)`, { status: 401 }));
    const h = await startHarness({ platform: { clientSecret: secret }, bot: { identifyThrottler: { acquire: refused } } });
    const err = await within(h.ended, "messages$ to error");
    expect(h.bot.health()).toMatchObject({
      status: "fatal",
      error: { code: "AUTH_FAILED", message: expect.stringContaining("the slot store refused [redacted] (sent QQBot [redacted])") },
    });
    expect(h.states.at(-1)).toMatchObject({ state: "fatal", reason: expect.stringContaining("refused [redacted]") });
    expect(h.logger.entries.find((e) => e.msg === "gateway stopped")?.obj).toMatchObject({ err: expect.stringContaining("refused [redacted]") });
    expect((err as Error).message).toContain("refused [redacted]");
    const seen = [JSON.stringify(h.bot.health()), JSON.stringify(h.states), h.logger.text(), (err as Error).message, (err as Error).stack];
    for (const text of seen) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain("abcdefgh12345678");
    }
  });
});
