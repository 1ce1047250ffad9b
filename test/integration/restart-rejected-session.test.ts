/**
 * A stored session the platform no longer accepts (it rejects the RESUME, or it was restarted
 * and forgot every session): the restarted bot falls back to IDENTIFY cleanly, with no fatal
 * error, stores the new session and delivers messages again.
 */
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { FileStore } from "../../src/index.js";
import type { SimulatedPlatform, SimulatorStats } from "../../src/testing/index.js";
import { closeHarnesses, startHarness, type Harness } from "../helpers/bot-harness.js";
import { runCleanups } from "../helpers/cleanups.js";
import { startPlatform } from "../helpers/simulated-bot.js";
import { removeTempDirs, tempDir } from "../helpers/temp-dirs.js";
import { waitForStoredSession } from "./fixtures/stored-session.js";

afterEach(async () => {
  await closeHarnesses();
  await runCleanups();
});
afterAll(removeTempDirs);

const simulator = (port = 0): Promise<SimulatedPlatform> => startPlatform({ heartbeatIntervalMs: 500, port });

const storePath = (): string => join(tempDir("qqbot-rx-rejected-"), "state.json");

/** A first bot that connects, receives one message and closes (flushing its session). */
async function firstRun(platform: SimulatedPlatform, path: string): Promise<string> {
  const h = await startHarness({ on: platform, bot: { store: new FileStore(path) } });
  await h.waitForState("ready");
  platform.pushMessage("c2c", { content: "first run" });
  await h.waitForMessages(1);
  await h.close();
  const [session] = platform.sessions();
  if (!session) throw new Error("the first run left no session on the platform");
  return session.id;
}

/** The restarted bot: RESUME refused → IDENTIFY → ready, no fatal, new session stored, messages flow. */
async function expectCleanFallback(
  h: Harness, platform: SimulatedPlatform, path: string, oldSessionId: string, before: SimulatorStats,
): Promise<void> {
  const resuming = await h.waitForState("resuming");
  const identifying = await h.waitForState("identifying", h.states.indexOf(resuming));
  await h.waitForState("ready", h.states.indexOf(identifying));

  const after = platform.stats();
  expect(after.resumesRejected - before.resumesRejected).toBe(1);
  expect(after.identifies - before.identifies).toBe(1);
  expect(h.bot.stats()).toMatchObject({ resumes: 1, identifies: 1 });
  expect(h.states.map((s) => s.state)).not.toContain("fatal");

  const connected = platform.sessions().filter((s) => s.connected);
  expect(connected).toHaveLength(1);
  const current = connected[0];
  expect(current?.id).not.toBe(oldSessionId);
  await waitForStoredSession({ kind: "file", path }, platform.appId, 0, (s) => s.sessionId === current?.id);

  const sent = platform.pushMessage("c2c", { content: "after the fallback" });
  const [msg] = await h.waitForMessages(1);
  expect(msg?.id).toBe(sent.d.id);
  // messages$ is still open: it did not end with a fatal error along the way.
  await expect(Promise.race([h.ended, Promise.resolve("still open")])).resolves.toBe("still open");
  await h.close();
}

describe("a stored session the platform rejects falls back to IDENTIFY", () => {
  it("RESUME rejected (op 9 false, 4006) → IDENTIFY, no fatal", async () => {
    const platform = await simulator();
    const path = storePath();
    const oldSessionId = await firstRun(platform, path);
    platform.faults.rejectResumes(1);
    const before = platform.stats();
    const h = await startHarness({ on: platform, bot: { store: new FileStore(path) } });
    await expectCleanFallback(h, platform, path, oldSessionId, before);
  });

  it("platform restarted (every session forgotten) → IDENTIFY on the same stored URL, no fatal", async () => {
    const first = await simulator();
    const path = storePath();
    const oldSessionId = await firstRun(first, path);
    const port = Number(new URL(first.apiBase).port);
    await first.close();
    const restarted = await simulator(port);
    expect(restarted.sessions()).toEqual([]);
    const before = restarted.stats();
    const h = await startHarness({ on: restarted, bot: { store: new FileStore(path) } });
    await expectCleanFallback(h, restarted, path, oldSessionId, before);
    // The stored URL still pointed at the right place: no discovery call was needed.
    expect(restarted.stats().gatewayCalls).toBe(0);
  });
});
