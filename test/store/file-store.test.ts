import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FileStore } from "../../src/store/file-store.js";
import { StoreLockTimeoutError } from "../../src/store/lock-wait.js";
import type { Logger } from "../../src/logger.js";
import { removeTempDirs, tempDir as makeTempDir } from "../helpers/temp-dirs.js";
import { describeStoreContract } from "./store-contract.js";

const tempDir = (): string => makeTempDir("qqbot-rx-file-store-");
afterEach(removeTempDirs);

function spyLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
}

let now = 1_000_000;
describeStoreContract("FileStore", async () => {
  const file = join(tempDir(), "nested", "state.json");
  const clock = () => now;
  return {
    store: new FileStore(file, { now: clock, lockRetryMs: 5 }),
    peer: new FileStore(file, { now: clock, lockRetryMs: 5 }),
    advance: async (ms) => {
      now += ms;
    },
    cleanup: async () => undefined,
  };
});

describe("FileStore: file format and durability", () => {
  let file: string;
  beforeEach(() => {
    file = join(tempDir(), "state.json");
  });

  it("writes {version: 1, entries} with expiresAt from the injected clock, and leaves no temp file", async () => {
    const store = new FileStore(file, { now: () => 5_000 });
    await store.set("a", "1");
    await store.set("b", "2", 300);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
      version: 1,
      entries: { a: { value: "1" }, b: { value: "2", expiresAt: 5_300 } },
    });
    expect(readdirSync(dirname(file)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("a new instance on the same file (a restart) sees what the previous one wrote", async () => {
    await new FileStore(file).set("gateway", "wss://example.test/ws");
    expect(await new FileStore(file).get("gateway")).toBe("wss://example.test/ws");
  });

  it("two instances writing different keys at once lose none of them", async () => {
    const a = new FileStore(file, { lockRetryMs: 5 });
    const b = new FileStore(file, { lockRetryMs: 5 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).set(`key-${i}`, `value-${i}`)));
    const fresh = new FileStore(file);
    for (let i = 0; i < 20; i++) expect(await fresh.get(`key-${i}`)).toBe(`value-${i}`);
  });

  it.each([
    ["corrupt JSON", "{ this is not json"],
    ["a foreign version", JSON.stringify({ version: 2, entries: { k: { value: "from the future" } } })],
    ["a JSON array", "[1, 2, 3]"],
  ])("a file holding %s is warned about once, read as empty and replaced by the next write", async (_what, text) => {
    writeFileSync(file, text);
    const logger = spyLogger();
    const store = new FileStore(file, { logger });
    expect(await store.get("k")).toBeUndefined();
    expect(await store.get("k")).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(String(logger.warn.mock.calls[0]?.[1])).toMatch(/ignoring its contents/);
    await store.set("k", "fresh");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ version: 1, entries: { k: { value: "fresh" } } });
    expect(await new FileStore(file).get("k")).toBe("fresh");
  });

  it("skips malformed entries and keeps the good ones", async () => {
    writeFileSync(file, JSON.stringify({ version: 1, entries: { good: { value: "ok" }, bad: { value: 7 }, worse: null } }));
    const store = new FileStore(file);
    expect(await store.get("good")).toBe("ok");
    expect(await store.get("bad")).toBeUndefined();
    expect(await store.get("worse")).toBeUndefined();
  });
});

describe("FileStore: locks across instances and processes", () => {
  it("withLock gives up after lockWaitMs with StoreLockTimeoutError while another instance holds the lock", async () => {
    const file = join(tempDir(), "state.json");
    const holder = new FileStore(file);
    const waiter = new FileStore(file, { lockWaitMs: 150, lockRetryMs: 10 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const holding = holder.withLock("busy", 10_000, async () => {
      entered();
      await held;
    });
    await inside;
    const err = await waiter.withLock("busy", 10_000, async () => "must not run").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreLockTimeoutError);
    expect((err as StoreLockTimeoutError).message).toMatch(/busy/);
    release();
    await holding;
    await expect(waiter.withLock("busy", 10_000, async () => "now free")).resolves.toBe("now free");
  });

  it("breaks the lock of a crashed holder once it is older than the TTL", async () => {
    const file = join(tempDir(), "state.json");
    const lockDir = `${file}.lock-${encodeURIComponent("crashed")}.lock`;
    mkdirSync(lockDir);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockDir, old, old);
    const store = new FileStore(file, { lockWaitMs: 2_000 });
    await expect(store.withLock("crashed", 2_000, async () => "taken over")).resolves.toBe("taken over");
  });

  it("two child processes incrementing one counter under withLock never overlap and lose no update", async () => {
    const dir = tempDir();
    const file = join(dir, "state.json");
    const log = join(dir, "sections.log");
    writeFileSync(log, "");
    const child = fileURLToPath(new URL("./file-lock-child.ts", import.meta.url));
    const perChild = 15;
    const children = [0, 1].map(() =>
      spawn(process.execPath, ["--import", "tsx", child, file, log, String(perChild)], { stdio: ["pipe", "pipe", "pipe"] }),
    );
    const exits = children.map(async (proc) => {
      let stderr = "";
      proc.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const [code] = (await once(proc, "exit")) as [number | null];
      return { code, stderr };
    });
    // Both children are loaded and waiting: start them together so their sections contend.
    await Promise.all(children.map((proc) => once(proc.stdout!, "data")));
    for (const proc of children) proc.stdin!.write("go\n");
    const codes = await Promise.all(exits);
    expect(codes).toEqual([{ code: 0, stderr: "" }, { code: 0, stderr: "" }]);

    const lines = readFileSync(log, "utf8").trim().split("\n");
    expect(lines).toHaveLength(4 * perChild);
    for (let i = 0; i < lines.length; i += 2) {
      const [enter, pid] = lines[i]!.split(" ");
      expect(enter).toBe("enter");
      expect(lines[i + 1]).toBe(`exit ${pid}`);
    }
    expect(new Set(lines.map((l) => l.split(" ")[1])).size).toBe(2);
    expect(await new FileStore(file).get("counter")).toBe(String(2 * perChild));
  });
});
