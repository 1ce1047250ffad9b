/**
 * `gateway-bot`: `GET /gateway/bot` in the environment checked: the suggested shard count and
 * the session start limit (each IDENTIFY costs one of `remaining`, reset after `reset_after`).
 * Fails when none is left (an IDENTIFY would be refused), warns when fewer are left than a
 * cold start of every suggested shard needs. Skipped when `/gateway` already showed the IP is
 * refused (this call would be too).
 */
import { firstValueFrom } from "rxjs";
import { fetchGatewayBot } from "../../http/gateway-fetch.js";
import type { GatewayBotResponse } from "../../protocol/payloads.js";
import { apiFailureVerdict, GATEWAY_RATE_LIMIT_FIX } from "../api-failure.js";
import { callLabel } from "../call-label.js";
import { fail, pass, skip, warn } from "../check-result.js";
import type { Check } from "../context.js";
import { formatDuration } from "../duration.js";
import { apiBaseOf, environments } from "../options.js";

/** The `gateway-bot` check. */
export const gatewayBot: Check = {
  name: "gateway-bot",
  run: async (ctx) => {
    const { options, facts } = ctx;
    if (!facts.token) return { verdict: skip("needs an access token (see token)") };
    if (facts.ipRefused) return { verdict: skip("this server's IP is refused (see gateway): GET /gateway/bot would be too") };
    const { target } = environments(options);
    const label = callLabel("GET", `${apiBaseOf(options, target)}/gateway/bot`, target);
    let info: GatewayBotResponse;
    try {
      info = await firstValueFrom(fetchGatewayBot({ rest: ctx.rest(target), timeoutMs: options.timeoutMs, secrets: ctx.secrets }));
    } catch (err) {
      return { verdict: apiFailureVerdict(label, err, { rateLimitFix: GATEWAY_RATE_LIMIT_FIX, secrets: ctx.secrets() }) };
    }
    const { total, remaining, reset_after: resetAfter, max_concurrency: concurrency } = info.session_start_limit;
    const shards = `${info.shards} shard${info.shards === 1 ? "" : "s"} suggested`;
    const detail =
      `${label}: ${shards}; ${remaining} of ${total} session starts left (reset in ${formatDuration(resetAfter)}); ` +
      `max_concurrency ${concurrency} IDENTIFY per 5 s`;
    const learned = { gatewayBot: info };
    if (remaining === 0) {
      return {
        verdict: fail(
          `${detail}: no session can start (IDENTIFY) until the reset`,
          `wait ${formatDuration(resetAfter)}, and find what used them up: a bot restarting in a loop IDENTIFYs each time. ` +
            "Keep sessions in a persistent store (FileStore, RedisStore) so that restarts RESUME instead",
        ),
        learned,
      };
    }
    if (remaining < info.shards) {
      return {
        verdict: warn(`${detail}: fewer than a start of all ${info.shards} shards needs`, `wait for the reset (${formatDuration(resetAfter)}) before starting every shard, or set onSessionStartLimit: "wait"`),
        learned,
      };
    }
    return { verdict: pass(detail), learned };
  },
};
