/**
 * The verdict for a failed platform call the checks have no special words for: a refused IP,
 * a rate limit, a refused token, no answer at all, an unusable answer, anything else. Each one
 * says what happened (the platform's own code and message) and what to do.
 */
import { GatewayResponseError, QQAccessRefusedError, QQApiError, QQNetworkError, safeMessage } from "../errors.js";
import { isRateLimit } from "../http/rate-limit.js";
import { fail, type Verdict } from "./check-result.js";
import { ipRefusalVerdict, platformSaid } from "./ip-refusal.js";

/** The words that depend on the call. */
export interface FailureWords {
  /** What to do about a rate limit of this endpoint. */
  rateLimitFix: string;
  /** Strings never to show. */
  secrets?: readonly string[] | undefined;
}

/** What to do about a rate-limited `/gateway` or `/gateway/bot`. */
export const GATEWAY_RATE_LIMIT_FIX =
  "the platform allows only a few /gateway calls per minute for an app: another process (or a bot restarting in a loop) is calling it. " +
  "Wait a minute and run again; a bot with a persistent store (FileStore, RedisStore) reuses the gateway URL across restarts";

const NETWORK_FIX =
  "check DNS, the firewall and any proxy (the doctor, like the bot, honours --proxy, HTTPS_PROXY and ALL_PROXY); " +
  "the bot needs outbound HTTPS to bots.qq.com and api.sgroup.qq.com (sandbox.api.sgroup.qq.com for the sandbox)";

/** The failed verdict for `err`, thrown by the call `label`. */
export function apiFailureVerdict(label: string, err: unknown, words: FailureWords): Verdict {
  if (err instanceof QQAccessRefusedError) return ipRefusalVerdict(label, err);
  if (isRateLimit(err)) {
    const said = err instanceof QQApiError ? platformSaid(err) : safeMessage(err, words.secrets);
    return fail(`${label} answered ${said}: rate limited`, words.rateLimitFix);
  }
  if (err instanceof QQApiError && err.status === 401) {
    return fail(
      `${label} answered ${platformSaid(err)}: the access token was refused`,
      "the token came from --token-url but this API base did not accept it: point both at the same platform (or simulator), then run again",
    );
  }
  if (err instanceof QQNetworkError) return fail(`${label}: no answer (${safeMessage(err, words.secrets)})`, NETWORK_FIX);
  if (err instanceof GatewayResponseError) {
    return fail(
      `${label} answered without a usable gateway URL (${safeMessage(err, words.secrets)})`,
      "something between this server and the platform (a proxy, a captive portal) or the platform itself answered wrongly; run again later",
    );
  }
  if (err instanceof QQApiError) {
    return fail(`${label} answered ${platformSaid(err)}`, "a platform error: run again later; if it persists, quote the trace id to the platform's support");
  }
  return fail(`${label} failed: ${safeMessage(err, words.secrets)}`, "an unexpected error: run again; if it persists, report it with this output");
}
