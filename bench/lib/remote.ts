/**
 * The main-thread handle of a platform running in a worker thread (see `worker.ts`).
 *
 * @example
 * ```ts
 * const remote = await startRemote({ kind: "simulator", options: { identifyWindowMs: 0 } });
 * await remote.call("fault", "closeAll", 4009);
 * await remote.stop();
 * ```
 */
import { Worker } from "node:worker_threads";
import type { WorkerSpec } from "./worker.js";

/** Where a bot should point. */
export interface PlatformInfo {
  apiBase: string;
  tokenUrl: string;
  gatewayUrl: string;
  appId: string;
  clientSecret: string;
}

/** A platform in a worker thread. */
export interface Remote {
  readonly info: PlatformInfo;
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  /** Close the platform and terminate the worker. */
  stop(): Promise<void>;
}

/** Start `spec` in a new worker thread (TypeScript loaded through tsx). */
export async function startRemote(spec: WorkerSpec): Promise<Remote> {
  const file = new URL("./worker.ts", import.meta.url).href;
  const tsx = import.meta.resolve("tsx/esm/api");
  const source = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(file)}); });`;
  const worker = new Worker(source, { eval: true, workerData: spec });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failure: Error | undefined;
  const failAll = (err: Error): void => {
    failure = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on("message", (msg: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(new Error(msg.error));
  });
  worker.on("error", (err) => failAll(err));
  worker.on("exit", (code) => failAll(new Error(`platform worker exited (${code})`)));
  const call = <T>(method: string, ...args: unknown[]): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: (v) => resolve(v as T), reject });
      worker.postMessage({ id, method, args });
    });
  };
  const info = await call<PlatformInfo>("info");
  return {
    info,
    call,
    async stop() {
      await call("close").catch(() => undefined);
      await worker.terminate();
    },
  };
}
