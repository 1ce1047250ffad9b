/**
 * Restart resume: a bot process killed with SIGKILL mid-stream, messages pushed while it is
 * down, and a new process with the same persistent store (FileStore, then RedisStore) RESUMEs
 * the stored session with zero `/gateway` calls and delivers every message pushed while down.
 *
 * Seq writes are debounced (1 s), so the killed process may have stored an older seq and the
 * new one replays a few messages the old one already delivered: the checks are "everything
 * after A's last delivery reaches B", "A ∪ B covers every push" and "B alone has no duplicate".
 */
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { runCleanups } from "../helpers/cleanups.js";
import { useRedisServer } from "../helpers/redis-fixture.js";
import { pushC2C, startPlatform } from "../helpers/simulated-bot.js";
import { removeTempDirs, tempDir } from "../helpers/temp-dirs.js";
import type { ChildConfig } from "./fixtures/bot-child.js";
import { killChildren, platformConfig, spawnBot } from "./fixtures/spawn-bot.js";
import { waitForStoredSession } from "./fixtures/stored-session.js";

const redis = useRedisServer();
afterAll(removeTempDirs);
afterEach(async () => {
  await killChildren();
  await runCleanups();
});

async function killedAndRestarted(store: ChildConfig["store"]): Promise<void> {
  const p = await startPlatform({ heartbeatIntervalMs: 500 });
  const config: ChildConfig = { ...platformConfig(p), store };

  const a = spawnBot(config);
  await a.waitForState("ready");
  const before = pushC2C(p, 5, "before");
  await a.waitForMessages(before);
  // The READY write is asynchronous: a process killed before it lands has nothing to resume.
  const [session] = p.sessions();
  await waitForStoredSession(store, p.appId, 0, (s) => s.sessionId === session?.id);
  // Mid-stream: more messages in flight, and the process dies without any chance to flush.
  const mid = pushC2C(p, 5, "mid");
  const dropped = p.waitFor("close");
  a.kill("SIGKILL");
  await a.exited;
  await dropped; // the platform saw the socket go: the session is detached and resumable
  const down = pushC2C(p, 5, "down");
  const all = [...before, ...mid, ...down];
  const atRestart = p.stats();

  const b = spawnBot(config);
  const delivered = a.messageIds();
  const lastOfA = Math.max(...delivered.map((id) => all.indexOf(id)));
  const needed = all.slice(lastOfA + 1);
  expect(needed).toEqual(expect.arrayContaining(down));
  await b.waitForMessages(needed);
  await b.waitForState("ready");
  const after = p.stats();

  // The restart cost: no gateway discovery, at most one token, one RESUME, no IDENTIFY.
  expect(after.gatewayCalls - atRestart.gatewayCalls).toBe(0);
  expect(after.gatewayBotCalls - atRestart.gatewayBotCalls).toBe(0);
  expect(after.tokenCalls - atRestart.tokenCalls).toBeLessThanOrEqual(1);
  expect(after.resumes - atRestart.resumes).toBe(1);
  expect(after.resumesRejected - atRestart.resumesRejected).toBe(0);
  expect(after.identifies - atRestart.identifies).toBe(0);
  expect(b.lines.some((l) => l.ev === "state" && l.state === "resuming")).toBe(true);

  // Every push delivered; B replays at most what A had already seen, never one twice.
  const fromB = b.messageIds();
  expect(new Set(fromB).size).toBe(fromB.length);
  expect(new Set([...delivered, ...fromB])).toEqual(new Set(all));
  for (const id of fromB.filter((id) => delivered.includes(id))) expect(all.indexOf(id)).toBeLessThanOrEqual(lastOfA);

  // A live message after the resume still arrives once.
  const [live] = pushC2C(p, 1, "live");
  await b.waitForMessages([live!]);
  b.kill("SIGTERM");
  expect(await b.exited).toBe(0);
  expect(b.messageIds().filter((id) => id === live)).toHaveLength(1);
}

describe("a restarted process resumes from its persistent store", () => {
  it("FileStore: SIGKILL mid-stream, restart → RESUME, 0 /gateway calls, nothing lost", async () => {
    await killedAndRestarted({ kind: "file", path: join(tempDir("qqbot-rx-restart-"), "state.json") });
  });

  it("RedisStore: SIGKILL mid-stream, restart → RESUME, 0 /gateway calls, nothing lost", async () => {
    await killedAndRestarted({ kind: "redis", url: redis.url, keyPrefix: "restart-resume:" });
  });
});
