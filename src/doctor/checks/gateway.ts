/**
 * `gateway`: `GET /gateway` in the environment checked, the call every bot makes first.
 * Verdicts: the WebSocket URL, the IP allow list (11298, with the address when the platform
 * names it), the rate limit, a refused token, no answer, a body without a URL.
 */
import { QQAccessRefusedError } from "../../errors.js";
import { apiFailureVerdict, GATEWAY_RATE_LIMIT_FIX } from "../api-failure.js";
import { pass, skip } from "../check-result.js";
import type { Check } from "../context.js";
import { gatewayIn } from "../gateway-probe.js";
import { environments } from "../options.js";

/** The `gateway` check. */
export const gateway: Check = {
  name: "gateway",
  run: async (ctx) => {
    const { options, facts } = ctx;
    if (!facts.token) return { verdict: skip("needs an access token (see token)") };
    const probe = await gatewayIn(ctx, environments(options).target);
    if (probe.ok) return { verdict: pass(`${probe.label}: ${probe.url}`), learned: { gatewayUrl: probe.url } };
    return {
      verdict: apiFailureVerdict(probe.label, probe.err, { rateLimitFix: GATEWAY_RATE_LIMIT_FIX, secrets: ctx.secrets() }),
      learned: { ipRefused: probe.err instanceof QQAccessRefusedError },
    };
  },
};
