/**
 * Run every check in order, each with the facts the earlier ones found, and hand back the
 * report: one verdict per check, every word redacted (the secret and the token never appear),
 * a check that throws turned into a failed verdict. The HTTP client and the WebSocket proxy
 * agent are made here unless injected, and closed at the end.
 *
 * ```
 * credentials → token → gateway → gateway-bot → identify → environment → webhook
 *                 └─ token ──────┴─ url ────────┴─ url, shards ─┴─ outcome ─┘
 * ```
 */
import { randomBytes } from "node:crypto";
import { asyncScheduler, EMPTY } from "rxjs";
import { safeMessage } from "../errors.js";
import { createHttpClient } from "../http/http-client.js";
import { DEFAULT_HTTP_OPTIONS } from "../http/options.js";
import { chooseProxy } from "../http/proxy.js";
import { createWsProxyAgent } from "../http/ws-proxy-agent.js";
import { createRestClient } from "../http/rest-client.js";
import type { AccessTokenSource, RestClient } from "../http/types.js";
import { createSecrets } from "../secrets.js";
import { fail, summarize, type CheckResult, type DoctorReport } from "./check-result.js";
import { credentials } from "./checks/credentials.js";
import { environment } from "./checks/environment.js";
import { gatewayBot } from "./checks/gateway-bot.js";
import { gateway } from "./checks/gateway.js";
import { identify } from "./checks/identify.js";
import { token } from "./checks/token.js";
import { webhook } from "./checks/webhook.js";
import type { Check, CheckOutcome, DoctorContext, DoctorFacts, DoctorIo } from "./context.js";
import { apiBaseOf, type DoctorOptions } from "./options.js";

/** The checks, in order. */
export const DOCTOR_CHECKS: readonly Check[] = [credentials, token, gateway, gatewayBot, identify, environment, webhook];

/** Run the checks against `options`; `io` replaces the real HTTP client, sockets, clock or randomness. */
export async function runDoctor(options: DoctorOptions, io: Partial<DoctorIo> = {}): Promise<DoctorReport> {
  const vault = createSecrets(options.clientSecret);
  const secrets = (): readonly string[] => vault.values();
  const ownHttp = io.http === undefined;
  const limits = { ...DEFAULT_HTTP_OPTIONS, requestTimeoutMs: options.timeoutMs, headersTimeoutMs: options.timeoutMs, bodyTimeoutMs: options.timeoutMs };
  const http = io.http ?? createHttpClient({ http: { ...limits, connectTimeoutMs: Math.min(limits.connectTimeoutMs, options.timeoutMs) }, proxy: options.proxy, secrets });
  const wsAgent = io.wsAgent ?? createWsProxyAgent(chooseProxy(options.proxy));
  const full: DoctorIo = {
    http,
    scheduler: io.scheduler ?? asyncScheduler,
    socketFactory: io.socketFactory,
    wsAgent,
    randomHex: io.randomHex ?? ((bytes) => randomBytes(bytes).toString("hex")),
  };
  let facts: DoctorFacts = {};
  const results: CheckResult[] = [];
  try {
    for (const check of DOCTOR_CHECKS) {
      const ctx: DoctorContext = { options, io: full, facts, secrets, rest: (env) => restFor(options, full, apiBaseOf(options, env), facts.token, secrets) };
      let outcome: CheckOutcome;
      try {
        outcome = await check.run(ctx);
      } catch (err) {
        outcome = { verdict: fail(`the check failed unexpectedly: ${safeMessage(err, secrets())}`, "run again; if it persists, report it with this output") };
      }
      if (outcome.learned?.token) vault.add(outcome.learned.token);
      facts = { ...facts, ...outcome.learned };
      const { status, detail, fix } = outcome.verdict;
      results.push({ check: check.name, status, detail: vault.redact(detail), ...(fix === undefined ? {} : { fix: vault.redact(fix) }) });
    }
  } finally {
    if (ownHttp) await http.close();
    if (!io.wsAgent) wsAgent?.destroy();
  }
  return { checks: results, summary: summarize(results) };
}

/** An OpenAPI client on `apiBase` with the token found: one attempt per call. */
function restFor(options: DoctorOptions, io: DoctorIo, apiBase: string, token: string | undefined, secrets: () => readonly string[]): RestClient {
  const tokens: AccessTokenSource = {
    token: () => (token ? Promise.resolve(token) : Promise.reject(new Error("no access token"))),
    tokens$: EMPTY,
    invalidate: () => {},
    close: () => {},
  };
  return createRestClient({ apiBase, appId: options.appId, http: () => io.http, tokens, secrets });
}

