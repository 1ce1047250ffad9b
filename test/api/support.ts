/**
 * A simulator and a bot that talks to its OpenAPI (no gateway connection: `bot.api` needs
 * only a token), both closed by `runCleanups()`. Short retry waits keep the policy tests fast.
 */
import { createBot, type Bot, type BotOptions } from "../../src/index.js";
import { startSimulatedPlatform, type SimulatedPlatform, type SimulatedPlatformOptions } from "../../src/testing/index.js";
import { onCleanup } from "../helpers/cleanups.js";

/** A platform and a bot on it. */
export interface ApiBot {
  p: SimulatedPlatform;
  bot: Bot;
}

/** Start a simulator (`platform` options) and a bot on it (`bot` options over short retry waits). */
export async function startApiBot(platform: SimulatedPlatformOptions = {}, bot: Partial<BotOptions> = {}): Promise<ApiBot> {
  const p = await startSimulatedPlatform({ identifyWindowMs: 0, ...platform });
  onCleanup(() => p.close());
  const b = createBot({
    appId: p.appId, clientSecret: p.clientSecret, apiBase: p.apiBase, tokenUrl: p.tokenUrl,
    rest: { rateLimitRetryDelaysMs: [20, 40], transientRetryDelaysMs: [20, 40] },
    ...bot,
  });
  onCleanup(() => b.close());
  return { p, bot: b };
}

/** The OpenAPI requests the platform saw (no token calls), as `METHOD path` lines. */
export function apiCalls(p: SimulatedPlatform): string[] {
  return p.requests.filter((r) => r.path !== "/app/getAppAccessToken").map((r) => `${r.method} ${r.path}`);
}

/** Turn a path template into a pattern matching its filled-in paths. */
export function templatePattern(template: string): RegExp {
  const source = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^/]+");
  return new RegExp(`^${source}$`);
}
