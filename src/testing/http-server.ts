/**
 * The HTTP side of the platform: reads the body (at most 1 MiB, else 413), routes, checks
 * auth, applies injected request failures, parses JSON bodies (non-JSON or empty → 400 with a
 * platform error body) and, where a route takes them, `multipart/form-data` bodies, turns
 * thrown platform errors into `{message, code, err_code, trace_id}` responses, sets
 * `X-Tps-trace-ID` on every response, and records every request.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate, redactHeaders } from "./auth.js";
import type { PlatformContext } from "./context.js";
import { isMultipart, parseFormBody } from "./form-body.js";
import { randomTraceId } from "./ids.js";
import { errorBody, PlatformError, PlatformHttpError } from "./platform-errors.js";
import { matchesRequest } from "./rest-faults.js";
import type { RestRouter, Route, RouteReply } from "./rest-router.js";

/** Largest request body accepted. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Name of the trace header, spelled as the platform sends it. */
export const TRACE_HEADER_NAME = "X-Tps-trace-ID";

interface ReadBody {
  text: string;
  /** The raw body (what was kept of it). */
  raw: Buffer;
  bytes: number;
  tooLarge: boolean;
}

/** Thrown by routing when an injected fault resets the connection instead of answering. */
class ResetConnection extends Error {}

/** Read the whole body, keeping at most {@link MAX_BODY_BYTES} (the rest is drained). */
export function readBody(req: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    const done = (): void => {
      const raw = Buffer.concat(chunks);
      resolve({ text: raw.toString("utf8"), raw, bytes, tooLarge: bytes > MAX_BODY_BYTES });
    };
    req.on("end", done);
    req.on("error", done);
    req.on("close", done); // an aborted upload ends here; resolving twice is harmless
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const SECRET_KEYS = new Set(["clientSecret", "client_secret", "clientsecret"]);

/** The body as recorded: parsed JSON (secrets replaced by "***"), raw text, or `undefined`. */
export function bodyForRecord(read: ReadBody): unknown {
  if (read.tooLarge) return `<${read.bytes} bytes omitted>`;
  if (read.text === "") return undefined;
  const parsed = parseJson(read.text);
  if (!parsed.ok) return read.text;
  const value = parsed.value;
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? "***" : v]));
}

function errorReply(err: unknown, traceId: string): RouteReply {
  if (err instanceof PlatformHttpError) return { status: err.spec.status, json: errorBody(err.spec, traceId, err.message) };
  const detail = err instanceof Error && err.message ? err.message : String(err) || "unexpected error";
  return { status: 500, json: errorBody(PlatformError.INTERNAL, traceId, `internal error: ${detail}`) };
}

function write(res: ServerResponse, reply: RouteReply): void {
  if (res.destroyed || res.writableEnded) return;
  if ("json" in reply) {
    const text = JSON.stringify(reply.json);
    res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
  } else if ("text" in reply) {
    res.writeHead(reply.status, { "content-type": reply.contentType, "content-length": Buffer.byteLength(reply.text) });
    res.end(reply.text);
  } else {
    res.writeHead(reply.status);
    res.end();
  }
}

function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? "/", "http://simulator");
  } catch {
    return new URL("http://simulator/");
  }
}

/** The body a route gets: JSON, form fields, or nothing. */
async function routeBody(route: Route, req: IncomingMessage, read: ReadBody): Promise<{ body: unknown; form: boolean }> {
  const contentType = req.headers["content-type"];
  if (route.formBody && isMultipart(contentType)) return { body: await parseFormBody(read.raw, contentType ?? ""), form: true };
  if (!route.jsonBody || (route.jsonBody === "optional" && read.text.trim() === "")) return { body: undefined, form: false };
  const parsed = parseJson(read.text);
  if (!parsed.ok) throw new PlatformHttpError(PlatformError.BODY_NOT_JSON);
  return { body: parsed.value, form: false };
}

async function route(
  ctx: PlatformContext, router: RestRouter, req: IncomingMessage, url: URL, read: ReadBody, traceId: string, seen: { form?: unknown }, sandbox: boolean,
): Promise<RouteReply> {
  if (read.tooLarge) throw new PlatformHttpError(PlatformError.BODY_TOO_LARGE);
  const method = (req.method ?? "GET").toUpperCase();
  const match = router.match(method, url.pathname);
  if (match.kind === "not-found") throw new PlatformHttpError(PlatformError.NOT_FOUND);
  if (match.kind === "method-not-allowed") throw new PlatformHttpError(PlatformError.METHOD_NOT_ALLOWED);
  if (match.route.auth) authenticate(req.headers, ctx, sandbox);
  const failure = match.route.auth ? ctx.faults.failRequests.take((f) => matchesRequest(f.match, method, url.pathname))?.failure : undefined;
  if (failure === "reset") throw new ResetConnection();
  if (failure) throw new PlatformHttpError(failure);
  const { body, form } = await routeBody(match.route, req, read);
  if (form) seen.form = body;
  return match.route.handle({
    method,
    path: url.pathname,
    params: match.params,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    rawBody: read.text,
    body,
    traceId,
    sandbox,
  });
}

/** Handle one HTTP request end to end (`sandbox`: it came to the sandbox API base). */
export async function handleHttp(ctx: PlatformContext, router: RestRouter, req: IncomingMessage, res: ServerResponse, sandbox = false): Promise<void> {
  const traceId = randomTraceId();
  res.setHeader(TRACE_HEADER_NAME, traceId);
  const read = await readBody(req);
  const url = requestUrl(req);
  let reply: RouteReply | undefined;
  const seen: { form?: unknown } = {};
  try {
    reply = await route(ctx, router, req, url, read, traceId, seen, sandbox);
  } catch (err) {
    if (err instanceof ResetConnection) req.socket.destroy();
    else reply = errorReply(err, traceId);
  }
  if (reply) write(res, reply);
  ctx.requests.push({
    method: (req.method ?? "GET").toUpperCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: redactHeaders(req.headers),
    body: seen.form ?? bodyForRecord(read),
    status: reply?.status ?? 0,
    at: ctx.options.now(),
    sandbox,
  });
}
