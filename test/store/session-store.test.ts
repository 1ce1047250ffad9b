import { join } from "node:path";
import { Subject, type SchedulerLike } from "rxjs";
import { marbles } from "rxjs-marbles";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Logger } from "../../src/logger.js";
import { createCounters } from "../../src/stats.js";
import { FileStore } from "../../src/store/file-store.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { createSessionStore, type ShardSession } from "../../src/store/session-store.js";
import { storeKeys, type Store } from "../../src/store/store.js";
import { removeTempDirs, tempDir } from "../helpers/temp-dirs.js";

const APP = "app-1";
const sessionKey = storeKeys.session(APP, 0);

/** A MemoryStore that also emits every value written to the session key of shard 0. */
function recordingStore(): { store: Store; writes: Subject<ShardSession> } {
  const writes = new Subject<ShardSession>();
  const inner = new MemoryStore();
  const store: Store = {
    get: (key) => inner.get(key),
    set: (key, value, ttl) => {
      if (key === sessionKey) {
        const { sessionId, seq, shardCount } = JSON.parse(value) as ShardSession;
        writes.next({ sessionId, seq, shardCount });
      }
      return inner.set(key, value, ttl);
    },
    delete: (key) => inner.delete(key),
    withLock: (name, ttl, fn) => inner.withLock(name, ttl, fn),
  };
  return { store, writes };
}

const s = (seq: number, sessionId = "sess-A", shardCount = 1): ShardSession => ({ sessionId, seq, shardCount });
const letters = "abcdefghijk";
const bySeq = Object.fromEntries([...letters].map((l, i) => [l, s(i + 1)]));

function spyLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
}

describe("session store: debounced seq writes (virtual time)", () => {
  it("writes a new session at once, then 10 rapid seq saves as 1 write after the debounce", marbles((m) => {
    const { store, writes } = recordingStore();
    const sessions = createSessionStore({ store, appId: APP, scheduler: m.scheduler, seqDebounceMs: 1000 });
    m.expect(writes).toBeObservable("a 1000ms k", bySeq);
    m.cold(letters, bySeq).subscribe((session) => void sessions.saveSession(0, session));
  }));

  it("flush() writes the latest seq at once and nothing is written after the debounce", marbles((m) => {
    const { store, writes } = recordingStore();
    const sessions = createSessionStore({ store, appId: APP, scheduler: m.scheduler, seqDebounceMs: 1000 });
    m.expect(writes).toBeObservable("a 4ms c", bySeq);
    m.cold("abc", bySeq).subscribe((session) => void sessions.saveSession(0, session));
    m.cold("-----x").subscribe(() => void sessions.flush());
  }));

  it("a new session id or shard count is written at once, without waiting for the debounce", marbles((m) => {
    const { store, writes } = recordingStore();
    const sessions = createSessionStore({ store, appId: APP, scheduler: m.scheduler, seqDebounceMs: 1000 });
    const values = { a: s(1), b: s(2, "sess-B"), c: s(3, "sess-B", 2) };
    m.expect(writes).toBeObservable("abc", values);
    m.cold("abc", values).subscribe((session) => void sessions.saveSession(0, session));
  }));

  it("keeps a separate debounce window per shard", marbles((m) => {
    const writes = new Subject<string>();
    const inner = new MemoryStore();
    const store: Store = {
      get: (key) => inner.get(key),
      delete: (key) => inner.delete(key),
      withLock: (n, t, fn) => inner.withLock(n, t, fn),
      set: (key, value) => {
        writes.next(`${key.split(":").pop()}@${(JSON.parse(value) as ShardSession).seq}`);
        return inner.set(key, value);
      },
    };
    const sessions = createSessionStore({ store, appId: APP, scheduler: m.scheduler, seqDebounceMs: 100 });
    m.expect(writes).toBeObservable("(ab) 100ms (cd)", { a: "0@1", b: "1@1", c: "0@3", d: "1@3" });
    m.cold("(ab)(cd)(ef)", { a: [0, 1], b: [1, 1], c: [0, 2], d: [1, 2], e: [0, 3], f: [1, 3] })
      .subscribe(([shard, seq]) => void sessions.saveSession(shard!, s(seq!)));
  }));
});

describe("session store: persistence and bad data", () => {
  afterEach(removeTempDirs);

  it("everything survives a restart on the same FileStore file, including the last seq (flushed on close)", async () => {
    const dir = tempDir("qqbot-rx-sessions-");
    const file = join(dir, "state.json");
    const expiresAt = Date.now() + 3_600_000;

    const first = createSessionStore({ store: new FileStore(file), appId: APP });
    await first.saveGatewayUrl("wss://gateway.example.test/websocket");
    await first.saveSession(0, s(1));
    await first.saveSession(0, s(57)); // seq-only: pending until close()
    await first.saveSession(1, s(9, "sess-other", 2));
    await first.saveToken("access-token-value", expiresAt);
    await first.close();

    const second = createSessionStore({ store: new FileStore(file), appId: APP });
    expect(await second.loadGatewayUrl()).toBe("wss://gateway.example.test/websocket");
    expect(await second.loadSession(0)).toEqual(s(57));
    expect(await second.loadSession(1)).toEqual(s(9, "sess-other", 2));
    expect(await second.loadToken()).toEqual({ token: "access-token-value", expiresAtMs: expiresAt });

    await second.clearSession(1);
    await second.removeGatewayUrl();
    const third = createSessionStore({ store: new FileStore(file), appId: APP });
    expect(await third.loadSession(1)).toBeUndefined();
    expect(await third.loadGatewayUrl()).toBeUndefined();
    await Promise.all([second.close(), third.close()]);
  });

  it.each([
    ["not JSON", "{oops"],
    ["another version", JSON.stringify({ version: 2, sessionId: "x", seq: 1, shardCount: 1 })],
    ["a missing session id", JSON.stringify({ version: 1, seq: 1, shardCount: 1 })],
    ["a negative seq", JSON.stringify({ version: 1, sessionId: "x", seq: -1, shardCount: 1 })],
    ["a zero shard count", JSON.stringify({ version: 1, sessionId: "x", seq: 1, shardCount: 0 })],
  ])("a stored session with %s is ignored with a warning", async (_what, raw) => {
    const store = new MemoryStore();
    await store.set(sessionKey, raw);
    const logger = spyLogger();
    const counters = createCounters();
    const sessions = createSessionStore({ store, appId: APP, logger, counters });
    expect(await sessions.loadSession(0)).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(counters.snapshot().storeErrors).toBe(1);
    await sessions.close();
  });

  it("ignores a stored gateway URL that is not a ws(s) URL, accepts a bare one, and ignores an expired token", async () => {
    const store = new MemoryStore();
    let now = 10_000;
    const scheduler = { now: () => now } as SchedulerLike;
    await store.set(storeKeys.gatewayUrl(APP), JSON.stringify({ version: 1, url: "https://not-a-socket" }));
    const sessions = createSessionStore({ store, appId: APP, scheduler, logger: spyLogger() });
    expect(await sessions.loadGatewayUrl()).toBeUndefined();
    await store.set(storeKeys.gatewayUrl(APP), "wss://bare.example.test/websocket"); // as gatewayUrlStore writes it
    expect(await sessions.loadGatewayUrl()).toBe("wss://bare.example.test/websocket");
    await sessions.saveToken("tok-123456", 20_000);
    expect((await sessions.loadToken())?.token).toBe("tok-123456");
    now = 20_000;
    expect(await sessions.loadToken()).toBeUndefined();
    await sessions.close();
  });

  it("never rejects when the store fails: warns, counts storeErrors and serves from memory", async () => {
    const failing: Store = {
      get: () => Promise.reject(new Error("disk on fire")),
      set: () => Promise.reject(new Error("disk on fire")),
      delete: () => Promise.reject(new Error("disk on fire")),
      withLock: () => Promise.reject(new Error("disk on fire")),
    };
    const logger = spyLogger();
    const counters = createCounters();
    const sessions = createSessionStore({ store: failing, appId: APP, logger, counters });
    await expect(sessions.saveGatewayUrl("wss://cached.example.test")).resolves.toBeUndefined();
    await expect(sessions.loadGatewayUrl()).resolves.toBe("wss://cached.example.test");
    await expect(sessions.saveSession(0, s(3))).resolves.toBeUndefined();
    await expect(sessions.loadSession(0)).resolves.toEqual(s(3));
    await expect(sessions.clearSession(0)).resolves.toBeUndefined();
    await expect(sessions.flush()).resolves.toBeUndefined();
    expect(counters.snapshot().storeErrors).toBe(1); // the first failure; from then on it serves from memory
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(logger.warn.mock.calls)).toMatch(/disk on fire/);
    await sessions.close();
  });
});
