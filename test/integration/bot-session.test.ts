/**
 * What op 7, op 9, rejected RESUMEs and RESUMEs that never complete do to the session
 * (PROTOCOL.md A1), over real sockets. op 9 waits a fixed 3 s before the next attempt, so
 * the tests run concurrently, each with its own simulator, closed when it finishes.
 */
import { afterAll, describe, it } from "vitest";
import type { Harness, HarnessOptions } from "../helpers/bot-harness.js";
import { closeHarnesses, FAST_RECONNECT, startHarness, within } from "../helpers/bot-harness.js";

afterAll(closeHarnesses);

type Finished = (fn: () => Promise<void>) => void;

/** A ready harness that closes when the test finishes. */
async function readyHarness(onTestFinished: Finished, options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(options);
  onTestFinished(() => h.close());
  await h.waitForState("ready");
  h.platform.pushMessage("c2c", { content: "before" });
  await h.waitForMessages(1);
  return h;
}

/** States from index `from` on, names only. */
const statesSince = (h: Harness, from: number) => h.states.slice(from).map((s) => s.state);

describe.concurrent("session handling", () => {
  it("op 7: the bot closes the socket itself and RESUMEs at once", async ({ expect, onTestFinished }) => {
    const h = await readyHarness(onTestFinished);
    const from = h.states.length;
    h.platform.faults.reconnect();
    const reconnecting = await h.waitForState("reconnecting", from);
    expect(reconnecting.retryInMs).toBe(0);
    expect(reconnecting.reason).toMatch(/op 7/);
    await h.waitForState("ready", from);
    expect(statesSince(h, from)).toEqual(["reconnecting", "fetching-url", "connecting", "resuming", "ready"]);
    const sim = h.platform.stats();
    expect(sim).toMatchObject({ identifies: 1, resumes: 1, resumesRejected: 0, gatewayCalls: 1 });
    // The client closed (4000-range, not 1000) before the platform's grace ran out (4009).
    expect(sim.closesByCode).toEqual({ "4000": 1 });
    h.platform.pushMessage("c2c", { content: "after" });
    expect((await h.waitForMessages(2)).map((m) => m.text)).toEqual(["before", "after"]);
  });

  it("op 9 d:false: the session is dropped and the bot IDENTIFYs after invalidSessionDelayMs with a fresh token", async ({ expect, onTestFinished }) => {
    const h = await readyHarness(onTestFinished);
    const from = h.states.length;
    h.platform.faults.invalidSession(false);
    const reconnecting = await h.waitForState("reconnecting", from);
    expect(reconnecting.retryInMs).toBe(FAST_RECONNECT.invalidSessionDelayMs);
    expect(reconnecting.reason).toMatch(/op 9/);
    await h.waitForState("ready", from);
    expect(statesSince(h, from)).toEqual(["reconnecting", "fetching-url", "connecting", "identifying", "ready"]);
    expect(h.platform.stats()).toMatchObject({ identifies: 2, resumes: 0, sessionsCreated: 2, tokenCalls: 2 });
    expect(h.bot.stats()).toMatchObject({ identifies: 2, resumes: 0, tokenFetches: 2 });
  });

  it("op 9 d:true: the session is kept and the bot RESUMEs after invalidSessionDelayMs", async ({ expect, onTestFinished }) => {
    const h = await readyHarness(onTestFinished);
    const from = h.states.length;
    h.platform.faults.invalidSession(true);
    const reconnecting = await h.waitForState("reconnecting", from);
    expect(reconnecting.retryInMs).toBe(FAST_RECONNECT.invalidSessionDelayMs);
    const away = h.platform.pushMessage("c2c", { content: "while away" });
    await h.waitForState("ready", from);
    expect(statesSince(h, from)).toEqual(["reconnecting", "fetching-url", "connecting", "resuming", "ready"]);
    expect(h.platform.stats()).toMatchObject({ identifies: 1, resumes: 1, resumesRejected: 0 });
    const got = await h.waitForMessages(2);
    expect(got[1]!.id).toBe(away.d.id);
  });

  it("a rejected RESUME (op 9 d:false, close 4006) leads straight to IDENTIFY, never to a second RESUME", async ({ expect, onTestFinished }) => {
    const h = await readyHarness(onTestFinished);
    h.platform.faults.rejectResumes(2);
    const from = h.states.length;
    h.platform.faults.closeAll(4009);
    await within(h.platform.waitFor("identify", 2), "the second IDENTIFY");
    await h.waitForState("ready", from);
    expect(statesSince(h, from)).toEqual([
      "reconnecting", "fetching-url", "connecting", "resuming",
      "reconnecting", "fetching-url", "connecting", "identifying", "ready",
    ]);
    expect(h.platform.stats()).toMatchObject({ resumes: 1, resumesRejected: 1, identifies: 2 });
    expect(h.bot.stats()).toMatchObject({ resumes: 1, identifies: 2 });
  });

  for (const maxFailedResumes of [1, 3]) {
    it(`maxFailedResumes ${maxFailedResumes}: that many RESUMEs without RESUMED, then IDENTIFY`, async ({ expect, onTestFinished }) => {
      const h = await readyHarness(onTestFinished, {
        bot: { reconnect: { maxFailedResumes, readyTimeoutMs: 300, quickDisconnectMs: 100 } },
      });
      // Every RESUME is accepted but never answered with RESUMED (a session the platform lost).
      h.platform.faults.skipReady(maxFailedResumes);
      const from = h.states.length;
      h.platform.faults.closeAll(4009);
      await within(h.platform.waitFor("identify", 2), "the second IDENTIFY");
      await h.waitForState("ready", from);

      expect(h.platform.stats()).toMatchObject({ resumes: maxFailedResumes, identifies: 2 });
      expect(h.bot.stats()).toMatchObject({ resumes: maxFailedResumes, identifies: 2 });
      const handshakes = h.states.slice(from).filter((s) => s.state === "resuming" || s.state === "identifying");
      expect(handshakes.map((s) => s.state)).toEqual([...Array(maxFailedResumes).fill("resuming"), "identifying"]);
      const last = h.states.slice(from).filter((s) => s.state === "reconnecting").at(-1);
      expect(last?.reason).toMatch(new RegExp(`${maxFailedResumes} resumes in a row failed`));
      h.platform.pushMessage("c2c", { content: "on the new session" });
      expect((await h.waitForMessages(2))[1]!.text).toBe("on the new session");
    });
  }
});
