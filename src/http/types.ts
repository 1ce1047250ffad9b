/**
 * Contracts of the HTTP layer: what the gateway and messages layers call.
 * Implementations live beside this file (undici-based).
 */
import type { Observable } from "rxjs";
import type { HttpMethod } from "../protocol/endpoints/endpoint.js";

/** One HTTP request. `body` is serialised as JSON unless it is a string, a Buffer or a `FormData` (multipart). */
export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Whole-request limit; defaults to `HttpOptions.requestTimeoutMs`. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A response whose body has been read in full (bounded by `maxResponseBytes`). */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body text ("" when empty). */
  text: string;
  /** The platform's `X-Tps-trace-ID`, when present. */
  traceId: string | undefined;
}

/** An HTTP client bound to one undici dispatcher. Network failures reject with `QQNetworkError`. */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Close the dispatcher; in-flight requests are aborted. */
  close(): Promise<void>;
}

/** Hands out the current client and replaces it with a fresh one per reconnect cycle. */
export interface HttpClientPool {
  current(): HttpClient;
  /** Close the current client (in the background) and make a fresh one with the same limits. */
  renew(): HttpClient;
  close(): Promise<void>;
}

/** The app's access token, fetched on demand and refreshed before expiry. */
export interface AccessTokenSource {
  /** The current token; fetches one (single in flight) when there is none or `forceRefresh`. Rejects with `QQAuthError` on refused credentials. */
  token(options?: { forceRefresh?: boolean }): Promise<string>;
  /** Emits each new token. */
  readonly tokens$: Observable<string>;
  /** Forget the current token (after 4004 or code 11244). */
  invalidate(): void;
  /** Stop refreshing. */
  close(): void;
}

/** Options of one REST call. */
export interface RestRequestOptions {
  /** Limit of each HTTP request; defaults to `http.requestTimeoutMs`. */
  timeoutMs?: number;
  /** Abort the call (and any retry wait). */
  signal?: AbortSignal;
  /** Query parameters; `undefined` values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
}

/** Authenticated calls to the OpenAPI. Non-2xx → `QQApiError` (status, platformCode, traceId, stable `code`). */
export interface RestClient {
  /**
   * Call `path` under the API base with a JSON `body` (or a `FormData`, sent as multipart);
   * resolves to the parsed answer (`undefined` for an empty one), rejects with `QQApiError` or `QQNetworkError`.
   */
  request<T = unknown>(method: HttpRequest["method"], path: string, body?: unknown, options?: RestRequestOptions): Promise<T>;
}
