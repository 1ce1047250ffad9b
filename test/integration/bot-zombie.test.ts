/**
 * Zombie detection over a real socket (PROTOCOL.md A3): when the platform stops acknowledging
 * heartbeats, the bot notices at the next beat, terminates the socket and RESUMEs, losing nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { closeHarnesses, startHarness, within } from "../helpers/bot-harness.js";

afterEach(closeHarnesses);

const INTERVAL_MS = 400;

describe("a zombie connection", () => {
  it("is detected within about one heartbeat interval, terminated and resumed without losing a message", async () => {
    const h = await startHarness({ platform: { heartbeatIntervalMs: INTERVAL_MS } });
    await h.waitForState("ready");
    // Wait for one acknowledged beat so the connection is known healthy.
    await within(h.platform.waitFor("heartbeat"), "a first heartbeat");
    const before = h.platform.pushMessage("c2c", { content: "before" });
    await h.waitForMessages(1);

    h.platform.faults.stopHeartbeatAcks();
    const from = h.states.length;
    // The next beat goes unacknowledged; the one after it finds the zombie.
    await within(h.platform.waitFor("heartbeat"), "the unacknowledged heartbeat");
    const unackedAt = Date.now();
    const during = h.platform.pushMessage("c2c", { content: "during" });
    const reconnecting = await h.waitForState("reconnecting", from);
    const detectedIn = Date.now() - unackedAt;
    h.platform.faults.resumeHeartbeatAcks();
    expect(reconnecting.reason).toMatch(/zombie/);
    expect(reconnecting.retryInMs).toBe(0);
    // One interval after the missed ACK (plus scheduling slack on a loaded machine), not two.
    expect(detectedIn).toBeLessThan(INTERVAL_MS * 1.75);

    const lost = h.platform.pushMessage("c2c", { content: "while away" });
    await h.waitForState("ready", from);
    const after = h.platform.pushMessage("c2c", { content: "after" });
    const got = await h.waitForMessages(4);
    expect(got.map((m) => m.id)).toEqual([before, during, lost, after].map((p) => p.d.id));

    expect(h.bot.stats()).toMatchObject({ zombies: 1, resumes: 1, identifies: 1, duplicatesDropped: 0 });
    const sim = h.platform.stats();
    expect(sim.resumes).toBe(1);
    expect(sim.identifies).toBe(1);
    // The client terminated the socket (no close frame): the platform saw an abrupt end.
    expect(sim.closesByCode["1006"]).toBe(1);
    expect(sim.gatewayCalls).toBe(1);
  });
});
