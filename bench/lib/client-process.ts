/**
 * The harness's handle on a client process (`bench/clients/host.ts`): fork it, call its
 * methods over IPC, stop it.
 *
 * @example
 * ```ts
 * const proc = await startClientProcess("qqbot-rx");
 * await proc.call("start", { kind: "qqbot-rx", info });
 * await proc.stop();
 * ```
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ClientKind } from "../clients/types.js";

/** A running client process. */
export interface ClientProcess {
  readonly kind: ClientKind;
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  /** Ask it to exit; kill it if it does not within 5 s. */
  stop(): Promise<void>;
}

/** Options of {@link startClientProcess}. */
export interface ClientProcessOptions {
  /** Extra V8/Node flags (e.g. a larger young generation). */
  execArgv?: string[];
  /** Extra environment (e.g. `BENCH_TRACK_TIMEOUTS`). */
  env?: Record<string, string>;
}

const HOST = fileURLToPath(new URL("../clients/host.ts", import.meta.url));

/** `BENCH_CPU_PROF_DIR=/tmp/prof npm run bench -- --only throughput`: a V8 CPU profile per client process, in `<dir>/<kind>/`. */
function profileFlags(kind: ClientKind): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}/${kind}`] : [];
}

/** Fork a client process for `kind` and wait until it answers. */
export async function startClientProcess(kind: ClientKind, options: ClientProcessOptions = {}): Promise<ClientProcess> {
  const child: ChildProcess = fork(HOST, [kind], {
    execArgv: ["--import", "tsx", "--expose-gc", "--no-warnings", ...profileFlags(kind), ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failure: Error | undefined;
  let up: () => void = () => undefined;
  const started = new Promise<void>((resolve, reject) => {
    up = resolve;
    child.once("exit", (code) => reject(new Error(`${kind} client process exited (${code}) before it was up`)));
  });
  child.on("message", (msg: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    if (msg.id === -1) return up();
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(new Error(`${kind}: ${msg.error}`));
  });
  child.on("exit", (code, signal) => {
    failure = new Error(`${kind} client process exited (${code ?? signal})`);
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  });
  await started;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    kind,
    call<T>(method: string, ...args: unknown[]): Promise<T> {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: (v) => resolve(v as T), reject });
        child.send({ id, method, args });
      });
    },
    async stop() {
      if (failure) return;
      child.send({ id: next++, method: "exit", args: [] });
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
