/**
 * Graceful restart with `closeOnSignal`, in real processes on a FileStore: a bot process gets
 * SIGTERM right after delivering messages (inside the 1 s seq debounce, so only the flush on
 * close can write the latest seq); it exits 0 within a bound with the session written with the
 * platform's latest seq; a new process RESUMEs it (no IDENTIFY, no discovery call) and delivers
 * exactly the messages pushed while no process ran: none lost, none replayed.
 */
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { runCleanups } from "../helpers/cleanups.js";
import { pushC2C as push, startPlatform } from "../helpers/simulated-bot.js";
import { removeTempDirs, tempDir } from "../helpers/temp-dirs.js";
import type { ChildConfig } from "./fixtures/bot-child.js";
import { killChildren, platformConfig, spawnBot } from "./fixtures/spawn-bot.js";
import { readStoredSession, waitForStoredSession } from "./fixtures/stored-session.js";

afterAll(removeTempDirs);
afterEach(async () => {
  await killChildren();
  await runCleanups();
});

describe("closeOnSignal in a bot process", () => {
  it("SIGTERM: exit 0 quickly with the latest seq stored; the next process RESUMEs and misses nothing", async () => {
    const p = await startPlatform({ heartbeatIntervalMs: 500 });
    const config: ChildConfig = { ...platformConfig(p), store: { kind: "file", path: join(tempDir("qqbot-rx-sigterm-"), "state.json") } };
    const a = spawnBot(config);
    await a.waitForState("ready");
    const [session] = p.sessions();
    await waitForStoredSession(config.store, p.appId, 0, (s) => s.sessionId === session?.id);

    const first = push(p, 5, "first");
    await a.waitForMessages(first);
    const signalled = Date.now();
    a.kill("SIGTERM");
    expect(await a.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5_000);
    expect(a.lines.at(-1)).toMatchObject({ ev: "closed" });
    const platformSeq = p.sessions()[0]!.seq;
    expect(await readStoredSession(config.store, p.appId, 0)).toMatchObject({ sessionId: session!.id, seq: platformSeq });

    const whileDown = push(p, 3, "down");
    const before = p.stats();
    const b = spawnBot(config);
    await b.waitForMessages(whileDown);
    await b.waitForState("ready");
    const after = p.stats();
    expect(after.resumes - before.resumes).toBe(1);
    expect(after.resumesRejected - before.resumesRejected).toBe(0);
    expect(after.identifies - before.identifies).toBe(0);
    expect(after.gatewayCalls - before.gatewayCalls).toBe(0);
    expect(b.messageIds()).toEqual(whileDown);
    b.kill("SIGTERM");
    expect(await b.exited).toBe(0);
  });
});
