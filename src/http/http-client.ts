/**
 * The undici-backed {@link HttpClient} and the {@link HttpClientPool} that hands a fresh one
 * to every reconnect cycle. Every failure without an HTTP answer becomes a `QQNetworkError`
 * whose message names the request and the cause; status handling is the caller's.
 */
import { firstValueFrom, from, map, race, timer } from "rxjs";
import { FormData, request, type Dispatcher } from "undici";
import { QQBotError, QQNetworkError, redact, safeMessage } from "../errors.js";
import type { HttpOptions } from "./options.js";
import { TRACE_HEADER } from "../protocol/payloads.js";
import { chooseProxy, createDispatcher, type ProxyEnv } from "./proxy.js";
import type { HttpClient, HttpClientPool, HttpRequest, HttpResponse } from "./types.js";

/** Options of {@link createHttpClient} and {@link createHttpClientPool}. */
export interface HttpClientOptions {
  http: HttpOptions;
  /** Proxy URL; without it the proxy environment variables decide (see `chooseProxy`). */
  proxy?: string | undefined;
  /** Build the dispatcher yourself (tests, custom agents); `proxy` is then ignored. */
  dispatcherFactory?: (() => Dispatcher) | undefined;
  /** Secrets to keep out of error messages. */
  secrets?: (() => readonly (string | undefined)[]) | undefined;
  /** Where proxy variables are read from. @defaultValue `process.env` */
  env?: ProxyEnv | undefined;
  /** How long a retired client lets in-flight requests finish before it is destroyed. @defaultValue 2000 */
  closeGraceMs?: number | undefined;
}

/** An {@link HttpClient} that also shows its dispatcher and can retire gracefully. */
export interface UndiciHttpClient extends HttpClient {
  readonly dispatcher: Dispatcher;
  /** Stop taking requests, let in-flight ones finish for `closeGraceMs`, then destroy the dispatcher. */
  retire(): Promise<void>;
}

const CODE_MEANINGS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection reset",
  ENOTFOUND: "DNS lookup failed",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "connect timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_CONNECT_TIMEOUT: "connect timed out",
  UND_ERR_HEADERS_TIMEOUT: "no response headers in time",
  UND_ERR_BODY_TIMEOUT: "response body stalled",
  UND_ERR_SOCKET: "socket closed",
  UND_ERR_CLOSED: "HTTP client closed",
  UND_ERR_DESTROYED: "HTTP client destroyed",
  UND_ERR_ABORTED: "aborted",
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: "request body length mismatch",
};

/** The first string `code` on the error, its `cause` chain or its aggregated `errors`. */
function causeCode(err: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof err !== "object" || err === null) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string" && e.code) return e.code;
  const nested = Array.isArray(e.errors) ? e.errors[0] : undefined;
  return causeCode(e.cause, depth + 1) ?? causeCode(nested, depth + 1);
}

/** Why the request was aborted, when it was: by its time limit, the caller, or closing. */
export interface AbortContext {
  timedOutAfterMs?: number | undefined;
  callerAborted?: boolean | undefined;
  clientClosed?: boolean | undefined;
}

/**
 * Turn whatever a request threw into a `QQNetworkError` with a message that is never empty,
 * names the request (`GET /gateway`) and the cause code, keeps `cause`, and has no secret.
 */
export function networkErrorFrom(
  err: unknown, method: string, url: string, context: AbortContext = {}, secrets: readonly (string | undefined)[] = [],
): QQBotError {
  if (err instanceof QQBotError) return err;
  const code = causeCode(err);
  let what: string;
  if (context.timedOutAfterMs !== undefined) what = `timed out after ${context.timedOutAfterMs} ms`;
  else if (context.clientClosed) what = "aborted because the HTTP client was closed";
  else if (context.callerAborted) what = "aborted by the caller";
  else what = (code && CODE_MEANINGS[code]) ?? "network error";
  const detail = safeMessage(err, secrets).slice(0, 300);
  const message = `${requestLabel(method, url)} failed: ${what}${code ? ` (${code})` : ""}: ${detail}`;
  return new QQNetworkError(redact(message, secrets), { cause: err });
}

/** `METHOD /path` of a request, for messages (no host, no query). */
export function requestLabel(method: string, url: string): string {
  try {
    return `${method} ${new URL(url).pathname}`;
  } catch {
    return `${method} ${url.split("?")[0] ?? url}`;
  }
}

/** Whether a body is a `FormData` (undici's or the global one): sent as `multipart/form-data`, boundary set by undici. */
export function isFormData(body: unknown): body is FormData {
  return typeof body === "object" && body !== null && (body instanceof FormData || Object.prototype.toString.call(body) === "[object FormData]");
}

function encodeBody(req: HttpRequest): { headers: Record<string, string>; body: string | Uint8Array | FormData | undefined } {
  const headers = { ...req.headers };
  if (req.body === undefined) return { headers, body: undefined };
  if (typeof req.body === "string" || req.body instanceof Uint8Array || isFormData(req.body)) return { headers, body: req.body };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
  return { headers, body: JSON.stringify(req.body) };
}

async function readLimited(body: Dispatcher.ResponseData["body"], limit: number, label: string, length: string | string[] | undefined): Promise<string> {
  const tooLarge = (seen: string) =>
    new QQNetworkError(`${label} failed: response body ${seen} is larger than maxResponseBytes (${limit} bytes); refused`);
  const declared = typeof length === "string" ? Number(length) : NaN;
  const discard = () => body.on("error", () => undefined).destroy();
  if (Number.isFinite(declared) && declared > limit) {
    discard();
    throw tooLarge(`of ${declared} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > limit) {
      discard();
      throw tooLarge(`of more than ${size - buf.length} bytes`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function closeWithGrace(dispatcher: Dispatcher, graceMs: number): Promise<void> {
  try {
    const outcome = await firstValueFrom(race(from(dispatcher.close()).pipe(map(() => "closed")), timer(graceMs).pipe(map(() => "grace"))));
    if (outcome === "closed") return;
  } catch {
    // close() failed: destroy below.
  }
  await dispatcher.destroy().catch(() => undefined);
}

/**
 * An HTTP client on one undici dispatcher (an `Agent`, or a proxy agent; see `chooseProxy`)
 * with the limits of `options.http`. `request()` resolves for every HTTP status.
 */
export function createHttpClient(options: HttpClientOptions): UndiciHttpClient {
  const { http } = options;
  const secrets = options.secrets ?? (() => []);
  // The dispatcher is made on the first request: a reconnect that needs no HTTP call (cached
  // URL and token, a resume) renews the client without opening or closing an agent.
  let made: Dispatcher | undefined;
  const dispatcherOf = (): Dispatcher => (made ??= options.dispatcherFactory?.() ?? createDispatcher(http, chooseProxy(options.proxy, options.env)));
  const inFlight = new Set<AbortController>();
  let closing: Promise<void> | undefined;

  function shutdown(abortInFlight: boolean): Promise<void> {
    if (abortInFlight) for (const controller of inFlight) controller.abort();
    closing ??= made ? closeWithGrace(made, abortInFlight ? 0 : (options.closeGraceMs ?? 2000)) : Promise.resolve();
    return closing;
  }

  return {
    get dispatcher() {
      return dispatcherOf();
    },
    async request(req: HttpRequest): Promise<HttpResponse> {
      const label = requestLabel(req.method, req.url);
      if (closing !== undefined) throw new QQNetworkError(`${label} failed: the HTTP client is closed`);
      const timeoutMs = req.timeoutMs ?? http.requestTimeoutMs;
      const timeout = AbortSignal.timeout(timeoutMs);
      const closer = new AbortController();
      const signal = AbortSignal.any(req.signal ? [timeout, closer.signal, req.signal] : [timeout, closer.signal]);
      inFlight.add(closer);
      try {
        const { headers, body } = encodeBody(req);
        const res = await request(req.url, { method: req.method, headers, body, signal, dispatcher: dispatcherOf() });
        const text = await readLimited(res.body, http.maxResponseBytes, label, res.headers["content-length"]);
        const trace = res.headers[TRACE_HEADER];
        return { status: res.statusCode, headers: res.headers, text, traceId: Array.isArray(trace) ? trace[0] : trace };
      } catch (err) {
        const context: AbortContext = {
          timedOutAfterMs: timeout.aborted ? timeoutMs : undefined,
          clientClosed: closer.signal.aborted,
          callerAborted: req.signal?.aborted,
        };
        throw networkErrorFrom(err, req.method, req.url, context, secrets());
      } finally {
        inFlight.delete(closer);
      }
    },
    close: () => shutdown(true),
    retire: () => shutdown(false),
  };
}

/**
 * A holder of the current {@link HttpClient}. `renew()` swaps in a fresh dispatcher with the
 * same limits and retires the old one in the background (in-flight requests get
 * `closeGraceMs`, then it is destroyed); `close()` closes every client it made.
 */
export function createHttpClientPool(options: HttpClientOptions): HttpClientPool {
  let current = createHttpClient(options);
  const retiring = new Set<UndiciHttpClient>();
  let closed = false;
  return {
    current: () => current,
    renew() {
      if (closed) return current;
      const old = current;
      current = createHttpClient(options);
      retiring.add(old);
      void old.retire().catch(() => undefined).finally(() => retiring.delete(old));
      return current;
    },
    async close() {
      closed = true;
      await Promise.all([current, ...retiring].map((client) => client.close().catch(() => undefined)));
    },
  };
}
