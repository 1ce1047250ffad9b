/**
 * Parent side of `worker.ts`: spawn a cluster worker (`node --import tsx`), parse its JSON
 * lines into deliveries, states and RSS samples, and wait on them.
 *
 * @example
 * ```ts
 * const w = spawnWorker(config);
 * await w.allReady(since);
 * w.kill("SIGTERM");
 * const code = await w.exited;
 * ```
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { WorkerConfig } from "./worker.js";

/** One JSON line a worker printed. */
export type WorkerLine =
  | { ev: "state"; shard: number; state: string; t: number }
  | { ev: "m"; id: string; shard: number }
  | { ev: "rss"; rss: number }
  | { ev: "closed"; stats: Record<string, number>; rss: number }
  | { ev: "fatal"; code: string; message: string }
  | { ev: "log"; level: string; msg: unknown };

/** A running (or ended) worker. */
export interface WorkerProcess {
  readonly config: WorkerConfig;
  readonly proc: ChildProcess;
  /** Message ids it delivered to the app, in order. */
  readonly delivered: string[];
  /** Every line but the deliveries. */
  readonly lines: WorkerLine[];
  /** Highest RSS it reported. */
  maxRss(): number;
  /** Resolve once every shard of the worker reported `ready`; rejects after `ms` or if it exits first. */
  allReady(ms: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  /** Exit code (null after a signal) once the process is gone. */
  readonly exited: Promise<number | null>;
  stderr(): string;
}

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));

/** Start a cluster worker with `config`. */
export function spawnWorker(config: WorkerConfig): WorkerProcess {
  const proc = spawn(process.execPath, ["--import", "tsx", WORKER], {
    env: { ...process.env, QQBOT_CLUSTER_WORKER: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const delivered: string[] = [];
  const lines: WorkerLine[] = [];
  const ready = new Set<number>();
  const wake = new Set<() => void>();
  let rss = 0;
  let err = "";
  // readline splits the child's stdout into its JSON lines.
  createInterface({ input: proc.stdout! }).on("line", (part) => {
    if (!part) return;
    const line = JSON.parse(part) as WorkerLine;
    if (line.ev === "m") delivered.push(line.id);
    else lines.push(line);
    if (line.ev === "rss" || line.ev === "closed") rss = Math.max(rss, line.rss);
    if (line.ev === "state") {
      if (line.state === "ready") ready.add(line.shard);
      else ready.delete(line.shard);
    }
    for (const w of [...wake]) w();
  });
  proc.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = once(proc, "close").then(([code]) => code as number | null);
  let gone = false;
  void exited.then(() => {
    gone = true;
    for (const w of [...wake]) w();
  });

  return {
    config, proc, delivered, lines, exited,
    maxRss: () => rss,
    allReady: (ms) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (config.shards.ids.every((id) => ready.has(id))) finish(resolve);
          else if (gone) finish(() => reject(new Error(`worker ${proc.pid} exited before its shards were ready: ${describe()}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`worker ${proc.pid}: shards not ready after ${ms} ms: ${describe()}`))), ms);
        const finish = (settle: () => void): void => {
          clearTimeout(timer);
          wake.delete(check);
          settle();
        };
        wake.add(check);
        check();
      }),
    kill(signal) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
    stderr: () => err,
  };

  function describe(): string {
    return `ready ${[...ready].join(",")}; last lines ${lines.slice(-8).map((l) => JSON.stringify(l)).join(" | ")}; stderr ${err.slice(-1500)}`;
  }
}
