/**
 * `webhook` (with `--webhook URL`): the op 13 validation round trip the platform makes when a
 * callback URL is saved, against the bot's own endpoint: signed like the platform's, answer
 * verified with the bot's key. Verdicts: a valid answer; no answer; refused (401: another
 * secret or a clock off; 403: another app id; 404: another path); an answer that is not op 13's;
 * a signature that does not verify. Skipped without `--webhook` or without a secret.
 */
import { callLabel } from "../call-label.js";
import { fail, pass, skip, type Verdict } from "../check-result.js";
import type { Check } from "../context.js";
import { validateWebhook, type WebhookProbeResult } from "../webhook-probe.js";

const HANDLER_HINT = "qqbot-rx answers it for you (transport: \"webhook\", on its own listener or mounted in your server with webhook.mount)";

/** The `webhook` check. */
export const webhook: Check = {
  name: "webhook",
  run: async ({ options, io }) => {
    const url = options.webhookUrl;
    if (!url) return { verdict: skip("no --webhook URL given (a gateway bot needs none)") };
    if (!options.appId || !options.clientSecret) return { verdict: skip("needs an app id and a secret (see credentials)") };
    const result = await validateWebhook({ url, appId: options.appId, clientSecret: options.clientSecret, timeoutMs: options.timeoutMs }, io);
    return { verdict: verdictOf(callLabel("POST", url), result, options.appId, isLoopback(url)) };
  },
};

function verdictOf(label: string, result: WebhookProbeResult, appId: string, loopback: boolean): Verdict {
  switch (result.kind) {
    case "ok":
      return pass(`${label}: op 13 answered with a valid signature in ${result.ms} ms${loopback ? " (a loopback address: the platform itself calls the public URL)" : ""}`);
    case "no-answer":
      return fail(
        `${label}: no answer (${result.reason})`,
        "is the bot's webhook server running and listening at this address and path? The platform calls the URL from the internet: check the port, the TLS certificate and any reverse proxy",
      );
    case "status":
      return fail(`${label} answered HTTP ${result.status} to a signed op 13${result.excerpt ? `: ${result.excerpt}` : ""}`, statusFix(result.status, appId));
    case "not-an-answer":
      return fail(
        `${label} answered HTTP 200 without the op 13 answer {plain_token, signature}${result.excerpt ? `: ${result.excerpt}` : " (empty body)"}`,
        `the endpoint must echo plain_token and sign event_ts + plain_token with the bot's key; ${HANDLER_HINT}`,
      );
    case "bad-signature":
      return fail(
        `${label} echoed plain_token, but its signature does not verify with this bot's key`,
        `the endpoint signs with another secret than QQ_CLIENT_SECRET, or signs other bytes (it must sign event_ts + plain_token with the Ed25519 key from the secret); ${HANDLER_HINT}`,
      );
  }
}

function statusFix(status: number, appId: string): string {
  if (status === 401) return "the endpoint refused the platform's signature: it verifies with another secret than QQ_CLIENT_SECRET, or its clock is off by minutes (the timestamp is checked): give it this bot's secret, sync its clock";
  if (status === 403) return `the endpoint refused X-Bot-Appid ${appId}: it is set up for another bot's app id`;
  if (status === 404 || status === 405) return "nothing answers POST at this path: check the path (qqbot-rx's default is /qqbot/webhook) and any reverse proxy's routing";
  if (status >= 500) return "the endpoint failed: see its logs";
  return `the endpoint must answer HTTP 200; ${HANDLER_HINT}`;
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "localhost" || host === "[::1]" || /^127\./.test(host);
  } catch {
    return false;
  }
}
