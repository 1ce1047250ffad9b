/**
 * A real `redis-server` child process on 127.0.0.1 for tests: free port, no persistence,
 * ready when it answers PING. `stop()`/`start()` simulate an outage on the same port, `pause()`/`resume()`
 * a hung server.
 *
 * @example
 * ```ts
 * let redis: RedisServer;
 * beforeAll(async () => { redis = await startRedisServer(); });
 * afterAll(() => redis.stop());
 * ```
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { freePort } from "./free-port.js";
import { findRedisServer, INSTALL_LINE, type RedisBinary } from "./redis-binary.js";

/** A running (or stopped) test Redis. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Start it again on the same port (after `stop()`). */
  start(): Promise<void>;
  /** Kill it and wait for it to exit (its scratch directory is removed; `start()` recreates it). Idempotent. */
  stop(): Promise<void>;
  /** Freeze it (SIGSTOP): connections stay open, commands hang unanswered — a hung Redis. */
  pause(): void;
  /** Thaw it (SIGCONT) after `pause()`. Idempotent. */
  resume(): void;
}

/** Send PING on a raw socket; resolves when +PONG comes back. */
async function ping(port: number): Promise<void> {
  const socket = createConnection({ host: "127.0.0.1", port });
  try {
    await once(socket, "connect");
    socket.write("PING\r\n");
    const [data] = (await once(socket, "data")) as [Buffer];
    if (!data.toString().startsWith("+PONG")) throw new Error(`redis-server answered PING with ${data.toString()}`);
  } finally {
    socket.destroy();
  }
}

/**
 * The binary the globalSetup found or installed (test/helpers/redis-global-setup.ts), or the
 * one line to fail with. Outside vitest (`npm run bench:cluster`), where there is
 * no setup to ask, the one found on `PATH` or in the usual directories.
 */
export function redisBinary(): string {
  const provided = process.env.VITEST ? inject("redisServer") : undefined;
  const binary: RedisBinary = provided ?? { path: findRedisServer() ?? "redis-server" }; // a missing one fails with INSTALL_LINE at spawn
  // Just the line: a stack trace into this helper would bury it.
  if ("error" in binary) throw Object.assign(new Error(binary.error), { stack: `Error: ${binary.error}` });
  return binary.path;
}

/** Start `redis-server` on a free loopback port and wait until it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = redisBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "qqbot-rx-redis-"));
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    if (child) return;
    mkdirSync(dir, { recursive: true });
    const proc = spawn(
      binary,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child = proc;
    let output = "";
    const ready = new Promise<void>((resolve, reject) => {
      proc.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) resolve();
      });
      proc.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      proc.once("error", (err) => reject(new Error(`${INSTALL_LINE} (${binary}: ${err.message})`)));
      proc.once("exit", (code) => reject(new Error(`redis-server exited (code ${code}) before it was ready:\n${output}`)));
    });
    try {
      await ready;
      await ping(port);
    } catch (err) {
      child = undefined;
      proc.kill("SIGKILL");
      throw err;
    }
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, "exit");
    proc.kill("SIGKILL");
    await exited;
  }

  const signal = (name: NodeJS.Signals): void => {
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, name);
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    pause: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
