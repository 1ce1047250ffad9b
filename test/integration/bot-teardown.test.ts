/**
 * Teardown: `close()` and the last unsubscribe leave no socket, timer or HTTP connection
 * behind, and `state$` ends with `closed`.
 */
import { lastValueFrom, toArray } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { closeHarnesses, startHarness, within } from "../helpers/bot-harness.js";

afterEach(closeHarnesses);

/** Active handle/request types, counted. */
function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Types whose count is above the baseline. */
function grown(baseline: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [type, n] of resources()) if (n > (baseline.get(type) ?? 0)) out[type] = n - (baseline.get(type) ?? 0);
  return out;
}

/**
 * Resolve once nothing is above the baseline (closing sockets take a few turns), or give up
 * and report. The limit is well under the HTTP keep-alive timeouts (4–5 s), so an idle
 * keep-alive connection the bot forgot to close is caught rather than waited out.
 */
async function settledTo(baseline: Map<string, number>, ms = 1_000): Promise<Record<string, number>> {
  const deadline = Date.now() + ms;
  let extra = grown(baseline);
  while (Object.keys(extra).length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    extra = grown(baseline);
  }
  return extra;
}

describe("teardown", () => {
  it("close() closes the socket, ends state$ with closed and completes it", async () => {
    const h = await startHarness();
    await h.waitForState("ready");
    const allStates = lastValueFrom(h.bot.state$.pipe(toArray()));
    const closed = h.platform.waitFor("close");
    await h.bot.close();
    await within(closed, "the platform to see the socket close");
    expect(h.platform.stats().openConnections).toBe(0);
    const seen = await within(allStates, "state$ to complete");
    expect(seen.map((s) => s.state)).toEqual(["ready", "closed"]);
    expect(h.states.at(-1)?.state).toBe("closed");
    // messages$ completes quietly on close (not an error).
    await expect(within(h.ended, "messages$ to end")).rejects.toThrow(/completed without an error/);
    await h.bot.close(); // idempotent
  });

  it("the last unsubscribe closes the connection; a new subscriber connects again", async () => {
    const h = await startHarness({ connect: false });
    const first = h.bot.messages$.subscribe();
    await h.waitForState("ready");
    const closed = h.platform.waitFor("close");
    first.unsubscribe();
    await within(closed, "the platform to see the socket close");
    expect(h.platform.stats().openConnections).toBe(0);
    expect(h.states.at(-1)?.state).toBe("idle");

    const from = h.states.length;
    h.connect();
    await h.waitForState("ready", from);
    h.platform.pushMessage("c2c", { content: "again" });
    expect((await h.waitForMessages(1))[0]!.text).toBe("again");
    expect(h.platform.stats().openConnections).toBe(1);
  });

  it("create → connect → (reconnect) → reply → close cycles leave no active handle behind", async () => {
    const before = resources();
    for (let cycle = 0; cycle < 3; cycle++) {
      const h = await startHarness({ connect: false, platform: { heartbeatIntervalMs: 200 } });
      // The simulator's own handles (listening socket…) are in this baseline.
      const withPlatform = resources();
      h.connect();
      await h.waitForState("ready");
      if (cycle % 2 === 1) {
        // A reconnect renews the HTTP pool: the retired one must go too.
        const from = h.states.length;
        h.platform.faults.closeAll(4009);
        await h.waitForState("ready", from);
      }
      h.platform.pushMessage("c2c");
      const [msg] = await h.waitForMessages(1);
      // A reply leaves a keep-alive HTTP connection in the current pool.
      await msg!.reply("pong");
      expect(h.platform.sentMessages).toHaveLength(1);
      await within(h.platform.waitFor("heartbeat"), "a heartbeat");
      const closed = h.platform.waitFor("close", h.platform.stats().connections);
      await h.bot.close();
      await within(closed, "the platform to see every socket close");
      expect(h.platform.stats().openConnections).toBe(0);
      // Still serving: any socket, timer or HTTP keep-alive connection left is the bot's.
      expect(await settledTo(withPlatform)).toEqual({});
      await h.close(); // the simulator goes last
    }
    expect(await settledTo(before)).toEqual({});
  });
});
