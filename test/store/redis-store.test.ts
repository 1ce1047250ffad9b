import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { QQBotConfigError } from "../../src/errors.js";
import { StoreLockTimeoutError } from "../../src/store/lock-wait.js";
import { RedisStore } from "../../src/store/redis-store.js";
import { useRedisServer } from "../helpers/redis-fixture.js";
import { describeStoreContract } from "./store-contract.js";

const server = useRedisServer();
let run = 0;

/** Wait (polling Redis, bounded) until `check` holds. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeStoreContract(
  "RedisStore",
  async () => {
    const keyPrefix = `contract-${++run}:`;
    const store = new RedisStore({ redis: server.url, keyPrefix, lockRetryMs: 2 });
    const peer = new RedisStore({ redis: server.url, keyPrefix, lockRetryMs: 2 });
    return {
      store,
      peer,
      // Redis expires keys on its own clock: wait until the short key is really gone.
      advance: async () => until(async () => (await server.raw.exists(`${keyPrefix}short`)) === 0, "the TTL to expire"),
      cleanup: async () => {
        await store.close();
        await peer.close();
      },
    };
  },
  60,
);

describe("RedisStore specifics", () => {
  const stores: RedisStore[] = [];
  const make = (options: ConstructorParameters<typeof RedisStore>[0] = {}) => {
    const store = new RedisStore({ redis: server.url, ...options });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it("prefixes keys and sets TTLs with PX", async () => {
    const store = make({ keyPrefix: "specifics:" });
    await store.set("with-ttl", "v", 10_000);
    await store.set("plain", "w");
    expect(await server.raw.get("specifics:with-ttl")).toBe("v");
    const pttl = await server.raw.pttl("specifics:with-ttl");
    expect(pttl).toBeGreaterThan(9_000);
    expect(pttl).toBeLessThanOrEqual(10_000);
    expect(await server.raw.pttl("specifics:plain")).toBe(-1);
  });

  it("a missing ioredis is a QQBotConfigError that names the package to install", async () => {
    const store = new RedisStore({
      importer: async () => {
        throw Object.assign(new Error("Cannot find package 'ioredis'"), { code: "ERR_MODULE_NOT_FOUND" });
      },
    });
    const err = await store.get("k").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QQBotConfigError);
    expect((err as Error).message).toMatch(/npm install ioredis/);
  });

  it("withLock stores a token under lock:<name> and removes it afterwards", async () => {
    const store = make({ keyPrefix: "locks:" });
    const seen = await store.withLock("job", 5_000, async () => server.raw.get("locks:lock:job"));
    expect(seen).toMatch(/^[0-9a-f-]{36}$/);
    expect(await server.raw.exists("locks:lock:job")).toBe(0);
  });

  it("a release never deletes a lock that expired and was taken by someone else", async () => {
    const store = make({ keyPrefix: "expired:" });
    await store.withLock("short", 30, async () => {
      // Our TTL runs out while fn is still working; another holder takes the lock.
      await until(async () => (await server.raw.set("expired:lock:short", "other-holder", "NX")) === "OK", "the lock to expire");
    });
    expect(await server.raw.get("expired:lock:short")).toBe("other-holder");
  });

  it("waits for a held lock, then gives up with StoreLockTimeoutError", async () => {
    await server.raw.set("busy:lock:held", "someone", "PX", 10_000);
    const store = make({ keyPrefix: "busy:", lockWaitMs: 100, lockRetryMs: 10 });
    const err = await store.withLock("held", 1_000, async () => "must not run").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreLockTimeoutError);
    await server.raw.del("busy:lock:held");
    await expect(store.withLock("held", 1_000, async () => "free")).resolves.toBe("free");
  });

  it("close() quits a connection it created but leaves a passed-in client open", async () => {
    const own = new Redis(server.url);
    const shared = new RedisStore({ redis: own });
    await shared.set("close-test", "1");
    await shared.close();
    expect(await own.get("close-test")).toBe("1");
    expect(own.status).toBe("ready");
    await own.quit();

    const clients = async () => ((await server.raw.client("LIST")) as string).trim().split("\n").length;
    const before = await clients();
    const created = new RedisStore({ redis: server.url });
    await created.set("close-test", "2");
    expect(await clients()).toBe(before + 1);
    await created.close();
    await until(async () => (await clients()) === before, "the store's connection to close");
  });
});
