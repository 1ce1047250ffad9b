/**
 * `token`: one POST to the token endpoint, read the way the bot reads it. Verdicts: a token
 * (with its lifetime; never the token itself), a wrong app id or secret, the endpoint's rate
 * limit (100001), the IP allow list (11298), no answer, an unusable answer.
 */
import { QQAuthError } from "../../errors.js";
import { requestLabel } from "../../http/http-client.js";
import { parseTokenResponse } from "../../http/token-response.js";
import { apiFailureVerdict } from "../api-failure.js";
import { callLabel, hostOf } from "../call-label.js";
import { fail, pass, skip, type Verdict } from "../check-result.js";
import type { Check } from "../context.js";
import { platformSaid } from "../ip-refusal.js";

/** Platform codes of the token endpoint for a wrong app id and a wrong secret. */
const APP_ID_INVALID = 100007;
const SECRET_INVALID = 100016;

const RATE_LIMIT_FIX =
  "too many token requests for this app: another process (or a bot restarting in a loop) is fetching tokens. " +
  "Wait a minute and run again; a running bot keeps its token until shortly before it expires (about every 2 hours)";

/** The `token` check. */
export const token: Check = {
  name: "token",
  run: async ({ options, io, secrets }) => {
    if (!options.appId || !options.clientSecret) return { verdict: skip("needs an app id and a secret (see credentials)") };
    const label = callLabel("POST", options.tokenUrl);
    const [method, path] = requestLabel("POST", options.tokenUrl).split(" ") as [string, string];
    try {
      const res = await io.http.request({
        method: "POST", url: options.tokenUrl, body: { appId: options.appId, clientSecret: options.clientSecret }, timeoutMs: options.timeoutMs,
      });
      const got = parseTokenResponse(res, { method, path, secrets: secrets(), rateLimitCooldownMs: 60_000 });
      return { verdict: pass(`an access token from ${hostOf(options.tokenUrl)}, valid for ${got.expiresInSec} s`), learned: { token: got.token } };
    } catch (err) {
      return { verdict: refusal(label, err, options.appId) ?? apiFailureVerdict(label, err, { rateLimitFix: RATE_LIMIT_FIX, secrets: secrets() }) };
    }
  },
};

/** Refused credentials; `undefined` for anything else. */
function refusal(label: string, err: unknown, appId: string): Verdict | undefined {
  if (!(err instanceof QQAuthError)) return undefined;
  const said = `${label} answered ${platformSaid(err)}`;
  if (err.platformCode === SECRET_INVALID) {
    return fail(`${said}: the secret is wrong for app id ${appId}`, "copy the AppSecret again from the QQ bot console (开发设置; regenerate it if unsure) into QQ_CLIENT_SECRET");
  }
  if (err.platformCode === APP_ID_INVALID) {
    return fail(`${said}: the platform does not know app id ${appId}`, "copy the AppID from the QQ bot console (开发设置) into QQ_APP_ID");
  }
  return fail(`${said}: the credentials were refused`, "check QQ_APP_ID and QQ_CLIENT_SECRET against the QQ bot console (开发设置); if they are right, the platform may be busy: run again later");
}
