/**
 * `gateway`: `GET /gateway` in the environment checked, the call every bot makes first.
 * Verdicts: the WebSocket URL, the IP allow list (11298, with the address when the platform
 * names it), the rate limit, a refused token, no answer, a body without a URL.
 */
import { firstValueFrom } from "rxjs";
import { QQAccessRefusedError } from "../../errors.js";
import { fetchGatewayUrl } from "../../http/gateway-fetch.js";
import { apiFailureVerdict, GATEWAY_RATE_LIMIT_FIX } from "../api-failure.js";
import { callLabel } from "../call-label.js";
import { pass, skip } from "../check-result.js";
import type { Check } from "../context.js";
import { apiBaseOf, environments } from "../options.js";

/** The `gateway` check. */
export const gateway: Check = {
  name: "gateway",
  run: async (ctx) => {
    const { options, facts } = ctx;
    if (!facts.token) return { verdict: skip("needs an access token (see token)") };
    const { target } = environments(options);
    const label = callLabel("GET", `${apiBaseOf(options, target)}/gateway`, target);
    try {
      const url = await firstValueFrom(fetchGatewayUrl({ rest: ctx.rest(target), timeoutMs: options.timeoutMs, secrets: ctx.secrets }));
      return { verdict: pass(`${label}: ${url}`), learned: { gatewayUrl: url } };
    } catch (err) {
      return {
        verdict: apiFailureVerdict(label, err, { rateLimitFix: GATEWAY_RATE_LIMIT_FIX, secrets: ctx.secrets() }),
        learned: { ipRefused: err instanceof QQAccessRefusedError },
      };
    }
  },
};
