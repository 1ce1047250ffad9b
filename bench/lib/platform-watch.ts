/**
 * Helpers the storm and recovery benchmarks share: the platform's address for a client, and
 * "the session is back" as the platform sees it (it sent READY or RESUMED), which works the
 * same for every client.
 */
import type { SimulatedPlatform } from "../../src/testing/index.js";
import type { PlatformInfo } from "./remote.js";

/** Where a client should point (the simulator, or the raw gateway: both carry these fields). */
export function infoOf(p: PlatformInfo | SimulatedPlatform): PlatformInfo {
  return { apiBase: p.apiBase, tokenUrl: p.tokenUrl, gatewayUrl: p.gatewayUrl, appId: p.appId, clientSecret: p.clientSecret };
}

/** What ended a wait for the session to come back. */
export type Back = { how: "resumed" | "ready"; at: number } | { how: "timeout"; at: number };

/** Arm now; resolves at the next RESUMED or READY the platform sends (`at` = `performance.now()`), or after `timeoutMs`. */
export function nextBack(p: SimulatedPlatform, timeoutMs: number): Promise<Back> {
  return new Promise<Back>((resolve) => {
    let done = false;
    const finish = (how: Back["how"]): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ how, at: performance.now() });
    };
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    p.waitFor("resumed").then(() => finish("resumed"), () => undefined);
    p.waitFor("ready").then(() => finish("ready"), () => undefined);
  });
}
