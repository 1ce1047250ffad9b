/**
 * `GET /gateway` → `{url}` and `GET /gateway/bot` → `{url, shards, session_start_limit}`,
 * with the configured sliding-window rate limit (HTTP 400, code 100001,
 * "接口调用超过频率限制") and the injected faults: slow answers, one-off rate limits, and
 * broken bodies (empty, HTML, truncated JSON, no url, 500, 502, a body echoing the caller's token).
 *
 * ```
 * gatewayRateLimit {calls: 2, windowMs: 1000}
 * GET /gateway   t=0 → 200   t=10 → 200   t=20 → 400 (100001)   t=1001 → 200
 * ```
 */
import type { PlatformContext } from "./context.js";
import type { GatewayResponseFault } from "./faults.js";
import { errorBody, PlatformError, PlatformHttpError } from "./platform-errors.js";
import type { Route, RouteReply, RouteRequest } from "./rest-router.js";

const HTML_PAGE = "<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>";
const HTML_502 = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>stgw</center></body></html>";

function faultReply(kind: GatewayResponseFault, url: string, req: RouteRequest): RouteReply {
  const { traceId } = req;
  switch (kind) {
    case "empty":
      return { status: 200, text: "", contentType: "application/json" };
    case "html":
      return { status: 200, text: HTML_PAGE, contentType: "text/html; charset=utf-8" };
    case "truncated":
      return { status: 200, text: JSON.stringify({ url }).slice(0, 12), contentType: "application/json" };
    case "no-url":
      return { status: 200, json: {} };
    case "500":
      return { status: 500, json: errorBody(PlatformError.INTERNAL, traceId) };
    case "502":
      return { status: 502, text: HTML_502, contentType: "text/html" };
    case "echo-token": {
      // A misbehaving proxy or server reflecting the request: the caller's bare token in a body without a url.
      const token = /^QQBot\s+(\S+)/i.exec(String(req.headers.authorization ?? ""))?.[1] ?? "";
      return { status: 200, json: { message: "gateway unavailable", access_token: token } };
    }
  }
}

function delay(ctx: PlatformContext, ms: number): Promise<void> {
  return new Promise((resolve) => ctx.timers.after(ms, resolve));
}

async function answer(ctx: PlatformContext, req: RouteRequest, bot: boolean): Promise<RouteReply> {
  const { stats, faults, options } = ctx;
  if (bot) stats.gatewayBotCalls += 1;
  else stats.gatewayCalls += 1;
  const slow = faults.slowGateway.take();
  if (slow !== undefined) await delay(ctx, slow);
  const limited = faults.gatewayRateLimit.take() !== undefined || (ctx.gatewayLimiter !== undefined && !ctx.gatewayLimiter.tryAdmit());
  if (limited) {
    stats.gatewayRateLimited += 1;
    throw new PlatformHttpError(PlatformError.RATE_LIMITED);
  }
  const url = (req.sandbox ? ctx.sandboxGatewayUrl : undefined) ?? ctx.gatewayUrl;
  const fault = faults.gatewayResponse.take();
  if (fault) return faultReply(fault, url, req);
  if (!bot) return { status: 200, json: { url } };
  return {
    status: 200,
    json: { url, shards: options.shards, session_start_limit: ctx.sessionStart.snapshot(options.maxConcurrency) },
  };
}

/** The two gateway-discovery routes. */
export function gatewayRoutes(ctx: PlatformContext): Route[] {
  return [
    { method: "GET", path: "/gateway", auth: true, handle: (req) => answer(ctx, req, false) },
    { method: "GET", path: "/gateway/bot", auth: true, handle: (req) => answer(ctx, req, true) },
  ];
}
