/**
 * Worker-thread host of the simulated platform a benchmark talks to, so the main thread
 * measures only the client. Answers `{id, method, args}` messages with `{id, ok, value}`
 * or `{id, ok: false, error}`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { startSimulatedPlatform, type MilestoneName, type PushMessageKind, type SimulatedPlatformOptions } from "../../src/testing/index.js";
import { wallNow, within } from "./clock.js";

/** What the worker starts. */
export type WorkerSpec = { kind: "simulator"; options: SimulatedPlatformOptions };

// biome-ignore lint/suspicious/noExplicitAny: handlers of a worker RPC table take whatever their messages carry
type Handler = (...args: any[]) => unknown;

async function handlers(spec: WorkerSpec): Promise<Record<string, Handler>> {
  const p = await startSimulatedPlatform(spec.options);
  const armed = new Map<number, Promise<{ event: MilestoneName; at: number }>>();
  let nextArm = 0;
  let pushed = 0;
  return {
    info: () => ({ apiBase: p.apiBase, tokenUrl: p.tokenUrl, gatewayUrl: p.gatewayUrl, appId: p.appId, clientSecret: p.clientSecret }),
    fault: (name: string, ...args: unknown[]) => {
      (p.faults as unknown as Record<string, Handler>)[name]!(...args);
      return { at: wallNow() };
    },
    /** Push `count` messages, kinds rotating across calls; their message ids. */
    push: (kinds: PushMessageKind[], count: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push(String(p.pushMessage(kinds[pushed++ % kinds.length]!).d.id));
      return ids;
    },
    /** Start waiting for the next of any of `events` now; `awaitArmed` later gets which came first and when. */
    arm: (events: MilestoneName | MilestoneName[]) => {
      const id = nextArm++;
      const list = Array.isArray(events) ? events : [events];
      armed.set(id, Promise.race(list.map((event) => p.waitFor(event).then(() => ({ event, at: wallNow() })))));
      return id;
    },
    awaitArmed: async (id: number, timeoutMs: number) => {
      const promise = armed.get(id);
      armed.delete(id);
      if (!promise) throw new Error(`nothing armed under ${id}`);
      return within(promise, timeoutMs, `armed milestone ${id}`);
    },
    /** Stop ACKing heartbeats until the zombie socket closes, then ACK again; returns when it stopped. */
    zombie: () => {
      const closed = p.waitFor("close");
      p.faults.stopHeartbeatAcks();
      void closed.then(() => p.faults.resumeHeartbeatAcks());
      return { at: wallNow() };
    },
    stats: () => p.stats(),
    sessions: () => p.sessions(),
    close: () => p.close(),
  };
}

const port = parentPort;
if (port) {
  const ready = handlers(workerData as WorkerSpec);
  port.on("message", async (msg: { id: number; method: string; args: unknown[] }) => {
    try {
      const table = await ready;
      const fn = table[msg.method];
      if (!fn) throw new Error(`unknown method ${msg.method}`);
      port.postMessage({ id: msg.id, ok: true, value: await fn(...msg.args) });
    } catch (err) {
      port.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
