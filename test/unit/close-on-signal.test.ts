/**
 * `closeOnSignal` with an injected process: a signal closes the bot, then everything in `also`
 * in order, then exits 0; a close that hangs past `timeoutMs` or fails exits 1; a second signal
 * while closing exits 1 at once; `dispose()` removes the handlers. (The real SIGTERM in a child
 * process, with the session flushed for the next process, is in
 * test/integration/close-on-signal.test.ts.)
 */
import { EventEmitter } from "node:events";
import { VirtualTimeScheduler } from "rxjs";
import { describe, expect, it } from "vitest";
import { closeOnSignal, type SignalProcess } from "../../src/index.js";

class FakeProcess extends EventEmitter implements SignalProcess {
  exitCode: number | string | undefined;
  readonly exits: number[] = [];
  exit(code?: number): void {
    this.exits.push(code ?? 0);
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("closeOnSignal", () => {
  it("SIGTERM: closes the bot, then `also` in order, then exits 0", async () => {
    const proc = new FakeProcess();
    const order: string[] = [];
    const bot = { close: async () => void order.push("bot") };
    closeOnSignal(bot, { process: proc, also: [{ close: async () => void order.push("store") }, () => void order.push("server")] });
    expect(proc.listenerCount("SIGTERM")).toBe(1);
    expect(proc.listenerCount("SIGINT")).toBe(1);
    proc.emit("SIGTERM");
    await settle();
    expect(order).toEqual(["bot", "store", "server"]);
    expect(proc.exits).toEqual([0]);
    expect(proc.exitCode).toBe(0);
  });

  it("a close that takes longer than timeoutMs exits 1 without waiting for it", async () => {
    const proc = new FakeProcess();
    const scheduler = new VirtualTimeScheduler();
    const lines: string[] = [];
    const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: (_: unknown, msg?: string) => void lines.push(msg ?? "") };
    const handle = closeOnSignal({ close: () => new Promise<void>(() => {}) }, { process: proc, scheduler, timeoutMs: 5_000, logger });
    const code = handle.shutdown("test");
    await settle();
    scheduler.flush();
    expect(await code).toBe(1);
    expect(proc.exits).toEqual([1]);
    expect(lines).toEqual(["not closed within 5000 ms: exiting anyway"]);
  });

  it("shutdown(reason, exitCode) exits with that code once closed", async () => {
    const proc = new FakeProcess();
    expect(await closeOnSignal({ close: async () => {} }, { process: proc }).shutdown("gateway stopped", 1)).toBe(1);
    expect(proc.exits).toEqual([1]);
  });

  it("a failing close exits 1; shutdown() is idempotent", async () => {
    const proc = new FakeProcess();
    const handle = closeOnSignal({ close: () => Promise.reject(new Error("store down")) }, { process: proc });
    const [a, b] = [handle.shutdown(), handle.shutdown()];
    expect(await a).toBe(1);
    expect(await b).toBe(1);
    expect(proc.exits).toEqual([1]);
  });

  it("a second signal while closing exits 1 at once", async () => {
    const proc = new FakeProcess();
    closeOnSignal({ close: () => new Promise<void>(() => {}) }, { process: proc });
    proc.emit("SIGINT");
    await settle();
    expect(proc.exits).toEqual([]);
    proc.emit("SIGINT");
    expect(proc.exits).toEqual([1]);
  });

  it("exit: false only sets exitCode and removes the handlers once closed; dispose() removes them too", async () => {
    const proc = new FakeProcess();
    closeOnSignal({ close: async () => {} }, { process: proc, exit: false, signals: ["SIGTERM"] });
    expect(proc.listenerCount("SIGINT")).toBe(0);
    proc.emit("SIGTERM");
    await settle();
    expect(proc.exits).toEqual([]);
    expect(proc.exitCode).toBe(0);
    expect(proc.listenerCount("SIGTERM")).toBe(0);

    const other = new FakeProcess();
    closeOnSignal({ close: async () => {} }, { process: other }).dispose();
    expect(other.listenerCount("SIGTERM") + other.listenerCount("SIGINT")).toBe(0);
  });
});
