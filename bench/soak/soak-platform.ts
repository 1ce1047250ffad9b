/**
 * The soak's view of a simulated platform, the same whether it runs in this thread (the
 * short soak inside `npm test`) or in a worker thread (`npm run soak`, so the heap figures
 * are the bot's alone).
 */
import type { MilestoneName, PushMessageKind, SimulatedPlatform, SimulatorStats } from "../../src/testing/index.js";
import type { PlatformInfo, Remote } from "../lib/remote.js";

/** What the soak needs from a platform. */
export interface SoakPlatform {
  readonly info: PlatformInfo;
  /** Push `count` messages (kinds rotate); the message ids. */
  push(count: number): Promise<string[]>;
  /** Call one `platform.faults` method. */
  fault(name: string, ...args: unknown[]): Promise<void>;
  /** Start waiting for the next of `events` now; the returned function waits for it (`timeoutMs`) and says which came. */
  arm(events: MilestoneName[]): Promise<(timeoutMs: number) => Promise<MilestoneName>>;
  /** Stop ACKing heartbeats until the socket closes, then ACK again. */
  zombie(): Promise<void>;
  stats(): Promise<SimulatorStats>;
}

const KINDS: readonly PushMessageKind[] = ["c2c", "group", "guild", "direct"];

function timeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** A platform in this thread. */
export function localSoakPlatform(p: SimulatedPlatform): SoakPlatform {
  let n = 0;
  return {
    info: { apiBase: p.apiBase, tokenUrl: p.tokenUrl, gatewayUrl: p.gatewayUrl, appId: p.appId, clientSecret: p.clientSecret },
    push: async (count) => Array.from({ length: count }, () => String(p.pushMessage(KINDS[n++ % KINDS.length]!).d.id)),
    fault: async (name, ...args) => void (p.faults as unknown as Record<string, (...a: unknown[]) => void>)[name]!(...args),
    arm: async (events) => {
      const promise = Promise.race(events.map((e) => p.waitFor(e).then(() => e)));
      promise.catch(() => undefined); // abandoned when the platform closes first
      return (ms) => timeout(promise, ms, events.map((e) => `"${e}"`).join(" or "));
    },
    zombie: async () => {
      const closed = p.waitFor("close");
      p.faults.stopHeartbeatAcks();
      void closed.then(() => p.faults.resumeHeartbeatAcks(), () => undefined);
    },
    stats: async () => p.stats(),
  };
}

/** A platform in a worker thread (`bench/lib/worker.ts`). */
export function remoteSoakPlatform(remote: Remote): SoakPlatform {
  return {
    info: remote.info,
    push: (count) => remote.call<string[]>("push", KINDS, count),
    fault: async (name, ...args) => void (await remote.call("fault", name, ...args)),
    arm: async (events) => {
      const id = await remote.call<number>("arm", events);
      return async (ms) => (await remote.call<{ event: MilestoneName }>("awaitArmed", id, ms)).event;
    },
    zombie: async () => void (await remote.call("zombie")),
    stats: () => remote.call<SimulatorStats>("stats"),
  };
}
