/**
 * `GET /gateway` and `GET /gateway/bot` as cold observables: one HTTP call per subscription,
 * so the reconnect core decides (with `retry`, `catchError`, the cache) how often it happens.
 *
 * Errors: a non-2xx answer is the rest client's `QQApiError` unchanged (rate limits are
 * recognised downstream by `isRateLimit`); a network failure is its `QQNetworkError`; a 2xx
 * answer that is empty, not JSON (the rest client's `REST_BAD_RESPONSE` error, converted
 * here) or lacks a usable `url` is a `GatewayResponseError`.
 */
import { defer, type Observable } from "rxjs";
import { GatewayResponseError, QQApiError, redact } from "../errors.js";
import type { GatewayBotResponse } from "../protocol/payloads.js";
import { isWebSocketUrl } from "../protocol/ws-url.js";
import { REST_BAD_RESPONSE } from "./rest-client.js";
import type { RestClient } from "./types.js";

/** Options of {@link fetchGatewayUrl}. */
export interface FetchGatewayOptions {
  rest: RestClient;
  /** Use `/gateway/bot` (sharding) instead of `/gateway`. @defaultValue false */
  bot?: boolean | undefined;
  /** Per-call limit; defaults to the HTTP client's `requestTimeoutMs`. */
  timeoutMs?: number | undefined;
  /** Strings to mask in excerpts of a bad body (the tokens: a body may echo one). */
  secrets?: (() => readonly (string | undefined)[]) | undefined;
}

type Secrets = readonly (string | undefined)[];

function describe(value: unknown, secrets: Secrets): string {
  // Redact before cutting: a credential cut in half would no longer be recognised later.
  const text = redact(JSON.stringify(value) ?? String(value), secrets);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** GET `path`, returning the JSON object or throwing `GatewayResponseError` for an unusable 2xx body. */
async function getObject(rest: RestClient, path: string, timeoutMs: number | undefined, secrets: Secrets): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await rest.request<unknown>("GET", path, undefined, timeoutMs === undefined ? {} : { timeoutMs });
  } catch (err) {
    if (err instanceof QQApiError && err.code === REST_BAD_RESPONSE) {
      throw new GatewayResponseError(`GET ${path} answered HTTP ${err.status} with a non-JSON body: ${(err.body ?? "").replace(/\s+/g, " ").slice(0, 120)}`, err.status, { cause: err });
    }
    throw err;
  }
  if (body === undefined || body === null) throw new GatewayResponseError(`GET ${path} answered with an empty body`);
  if (typeof body !== "object" || Array.isArray(body)) throw new GatewayResponseError(`GET ${path} answered with JSON that is not an object: ${describe(body, secrets)}`);
  return body as Record<string, unknown>;
}

function urlOf(body: Record<string, unknown>, path: string, secrets: Secrets): string {
  if (!isWebSocketUrl(body.url)) {
    const got = body.url === undefined ? "no url field" : `url ${describe(body.url, secrets)}`;
    throw new GatewayResponseError(`GET ${path} answered without a ws:// or wss:// url (${got}): ${describe(body, secrets)}`);
  }
  return body.url;
}

/**
 * The gateway WebSocket URL. Cold: each subscription makes one request.
 *
 * ```
 * subscribe ──GET /gateway──► "wss://api.sgroup.qq.com/websocket/"|
 *                           ╲─► GatewayResponseError | QQApiError | QQNetworkError
 * ```
 */
export function fetchGatewayUrl(options: FetchGatewayOptions): Observable<string> {
  const path = options.bot ? "/gateway/bot" : "/gateway";
  const secrets = (): Secrets => options.secrets?.() ?? [];
  return defer(async () => urlOf(await getObject(options.rest, path, options.timeoutMs, secrets()), path, secrets()));
}

function nonNegative(value: unknown, field: string, body: Record<string, unknown>, secrets: Secrets): number {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  throw new GatewayResponseError(`GET /gateway/bot answered with ${field} ${describe(value, secrets)}, expected a non-negative number: ${describe(body, secrets)}`);
}

/**
 * `GET /gateway/bot`: the URL plus the suggested shard count and the session start limit,
 * every field checked. Cold, one request per subscription, same errors as {@link fetchGatewayUrl}.
 */
export function fetchGatewayBot(options: Omit<FetchGatewayOptions, "bot">): Observable<GatewayBotResponse> {
  const path = "/gateway/bot";
  return defer(async () => {
    const secrets = options.secrets?.() ?? [];
    const body = await getObject(options.rest, path, options.timeoutMs, secrets);
    const url = urlOf(body, path, secrets);
    const limit = body.session_start_limit;
    if (typeof limit !== "object" || limit === null || Array.isArray(limit)) {
      throw new GatewayResponseError(`GET ${path} answered without a session_start_limit object: ${describe(body, secrets)}`);
    }
    const l = limit as Record<string, unknown>;
    return {
      url,
      shards: Math.max(1, nonNegative(body.shards, "shards", body, secrets)),
      session_start_limit: {
        total: nonNegative(l.total, "session_start_limit.total", body, secrets),
        remaining: nonNegative(l.remaining, "session_start_limit.remaining", body, secrets),
        reset_after: nonNegative(l.reset_after, "session_start_limit.reset_after", body, secrets),
        max_concurrency: Math.max(1, nonNegative(l.max_concurrency, "session_start_limit.max_concurrency", body, secrets)),
      },
    };
  });
}
