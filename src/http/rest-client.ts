/**
 * Authenticated OpenAPI calls: `Authorization: QQBot <token>`, `X-Union-Appid`, a
 * `User-Agent`, JSON in and out (or `multipart/form-data` for a `FormData` body), `QQApiError`
 * for every non-2xx answer with a stable `code` (see `platform-codes.ts`), and one retry with a
 * fresh token when the platform says the token expired.
 */
import { createRequire } from "node:module";
import { QQApiError, redact } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import { TOKEN_SCHEME } from "../protocol/payloads.js";
import { apiErrorFrom, BODY_EXCERPT_CHARS } from "./api-error.js";
import type { AccessTokenSource, HttpClient, HttpRequest, HttpResponse, RestClient, RestRequestOptions } from "./types.js";

/**
 * `code` of the `QQApiError` raised when a 2xx answer's body is not JSON. Its `status` is the
 * HTTP status and its `body` the (redacted) excerpt, so callers such as `fetchGatewayUrl` can
 * turn it into their own error.
 */
export const REST_BAD_RESPONSE = "QQBOT_API_BAD_RESPONSE";

/** Platform codes on a 401 that mean "fetch a new token and try again" (11243 invalid, 11244 expired). */
export const TOKEN_RETRY_CODES: ReadonlySet<number> = new Set([11243, 11244]);

/** The package version, replaced by a literal when tsup builds `dist/` (see tsup.config.ts). */
declare const __QQBOT_RX_VERSION__: string | undefined;

function packageVersion(): string {
  if (typeof __QQBOT_RX_VERSION__ === "string") return __QQBOT_RX_VERSION__;
  try {
    // Running from source (tsx, vitest): src/http is two levels below the package root.
    const pkg = createRequire(import.meta.url)("../../package.json") as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** The `User-Agent` of every REST call. */
export const USER_AGENT = `qqbot-rx/${packageVersion()}`;

/** Options of {@link createRestClient}. */
export interface RestClientOptions {
  /** API base without a trailing slash, e.g. `https://api.sgroup.qq.com`. */
  apiBase: string;
  appId: string;
  /** The HTTP client for each call (the pool's current one). */
  http: () => HttpClient;
  tokens: AccessTokenSource;
  logger?: Logger | undefined;
  /** Secrets to keep out of errors (client secret, tokens issued). */
  secrets?: (() => readonly (string | undefined)[]) | undefined;
}

function parseSuccess(res: HttpResponse, method: string, path: string, secrets: readonly (string | undefined)[]): unknown {
  if (res.status === 204 || !res.text.trim()) return undefined;
  try {
    return JSON.parse(res.text) as unknown;
  } catch (err) {
    const excerpt = redact(res.text, secrets).slice(0, BODY_EXCERPT_CHARS);
    const shown = excerpt.replace(/\s+/g, " ").trim().slice(0, 120);
    throw new QQApiError(
      `${method} ${path} answered HTTP ${res.status} with a non-JSON body: ${shown}`,
      { status: res.status, traceId: res.traceId, body: excerpt, method, path, cause: err },
      REST_BAD_RESPONSE,
    );
  }
}

/** `?a=1&b=true` of the defined query values ("" when there are none). */
export function queryString(query: RestRequestOptions["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Create the REST client. */
export function createRestClient(options: RestClientOptions): RestClient {
  const logger = options.logger ?? silentLogger;
  const secrets = options.secrets ?? (() => []);
  const base = options.apiBase.replace(/\/+$/, "");

  async function call(method: HttpRequest["method"], path: string, body: unknown, opts: RestRequestOptions, token: string) {
    const headers: Record<string, string> = {
      authorization: `${TOKEN_SCHEME} ${token}`,
      "x-union-appid": options.appId,
      "user-agent": USER_AGENT,
      accept: "application/json",
    };
    const url = `${base}${path}${queryString(opts.query)}`;
    return options.http().request({
      method, url, headers, body,
      ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    });
  }

  return {
    async request<T = unknown>(method: HttpRequest["method"], path: string, body?: unknown, opts: RestRequestOptions = {}): Promise<T> {
      const rel = path.startsWith("/") ? path : `/${path}`;
      let token = await options.tokens.token();
      let res = await call(method, rel, body, opts, token);
      if (res.status === 401) {
        const err = apiErrorFrom(res, { method, path: rel, secrets: [...secrets(), token] });
        if (err.platformCode !== undefined && TOKEN_RETRY_CODES.has(err.platformCode)) {
          logger.debug({ method, path: rel, platformCode: err.platformCode }, "access token rejected; refreshing and retrying once");
          options.tokens.invalidate();
          token = await options.tokens.token();
          res = await call(method, rel, body, opts, token);
        }
      }
      const hidden = [...secrets(), token];
      if (res.status < 200 || res.status >= 300) {
        const err = apiErrorFrom(res, { method, path: rel, secrets: hidden, stableCode: true });
        logger.debug({ method, path: rel, status: res.status, platformCode: err.platformCode, traceId: err.traceId }, "REST call failed");
        throw err;
      }
      return parseSuccess(res, method, rel, hidden) as T;
    },
  };
}
