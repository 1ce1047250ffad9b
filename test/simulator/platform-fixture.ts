/**
 * One simulator per test, plus the bare WebSocket clients the test opened on it: both torn down
 * after each test. Call {@link platformFixture} at the top of a test file.
 *
 * @example
 * ```ts
 * const { start, open } = platformFixture({ identifyWindowMs: 0 });
 * it("says HELLO", async () => {
 *   const { p } = await start({ heartbeatIntervalMs: 1000 });
 *   const ws = await open(p);
 *   expect((await ws.next()).op).toBe(10);
 * });
 * ```
 */
import { afterEach } from "vitest";
import { startSimulatedPlatform, type SimulatedPlatform, type SimulatedPlatformOptions } from "../../src/testing/index.js";
import { fetchToken, WsClient } from "./support.js";

/** Starts simulators and clients for the tests of one file. */
export interface PlatformFixture {
  /** Start the test's simulator (`options` over the fixture's defaults) and fetch an access token from it. */
  start(options?: SimulatedPlatformOptions): Promise<{ p: SimulatedPlatform; token: string }>;
  /** Open a bare WebSocket client on `p`'s gateway, or on a gateway URL (terminated after the test). */
  open(target: SimulatedPlatform | string): Promise<WsClient>;
}

/** Register the teardown (`afterEach`) and return the starters; `defaults` apply to every `start`. */
export function platformFixture(defaults: SimulatedPlatformOptions = {}): PlatformFixture {
  let platform: SimulatedPlatform | undefined;
  const clients: WsClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await platform?.close();
    platform = undefined;
  });
  return {
    async start(options = {}) {
      platform = await startSimulatedPlatform({ ...defaults, ...options });
      return { p: platform, token: await fetchToken(platform) };
    },
    async open(target) {
      const c = await WsClient.open(typeof target === "string" ? target : target.gatewayUrl);
      clients.push(c);
      return c;
    },
  };
}
