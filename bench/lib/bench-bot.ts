/** Waiting for a bot's state, for the benchmarks and the soak. */
import { filter, firstValueFrom, skip, timeout } from "rxjs";
import type { Bot } from "../../src/index.js";

/** Resolve at the next `state` (or the current one when `includeCurrent`). */
export function nextState(bot: Bot, state: string, timeoutMs = 30_000, includeCurrent = false): Promise<unknown> {
  return firstValueFrom(
    bot.state$.pipe(
      skip(includeCurrent ? 0 : 1),
      filter((s) => s.state === state),
      timeout({ first: timeoutMs, with: () => Promise.reject(new Error(`no "${state}" within ${timeoutMs} ms`)) }),
    ),
  );
}
