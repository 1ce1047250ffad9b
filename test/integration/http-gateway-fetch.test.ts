import { firstValueFrom, NEVER, type Observable } from "rxjs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GatewayResponseError, QQApiError, QQNetworkError } from "../../src/errors.js";
import { fetchGatewayBot, fetchGatewayUrl } from "../../src/http/gateway-fetch.js";
import { isWebSocketUrl } from "../../src/protocol/ws-url.js";
import { createHttpClientPool } from "../../src/http/http-client.js";
import { isRateLimit } from "../../src/http/rate-limit.js";
import { createRestClient } from "../../src/http/rest-client.js";
import type { AccessTokenSource, HttpClientPool, RestClient } from "../../src/http/types.js";
import { DEFAULT_HTTP_OPTIONS } from "../../src/http/options.js";
import { freePort } from "../helpers/free-port.js";
import { closeServers, serve } from "../helpers/loopback-server.js";

let pool: HttpClientPool;
let rest: RestClient;
let reply: { status: number; body: string };
const paths: string[] = [];

const tokens: AccessTokenSource = {
  token: async () => "gateway-test-token",
  tokens$: NEVER,
  invalidate: () => undefined,
  close: () => undefined,
};

beforeAll(async () => {
  const { url: apiBase } = await serve((req, res) => {
    paths.push(req.url ?? "");
    res.writeHead(reply.status, { "content-type": "application/json" }).end(reply.body);
  });
  pool = createHttpClientPool({ http: DEFAULT_HTTP_OPTIONS, env: {} });
  rest = createRestClient({ apiBase, appId: "app-1", http: () => pool.current(), tokens });
});

afterAll(async () => {
  await pool.close();
  closeServers();
});

beforeEach(() => {
  paths.length = 0;
});

async function failure(source: Observable<unknown>): Promise<Error> {
  try {
    await firstValueFrom(source);
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

const answer = (status: number, body: unknown) => (reply = { status, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("fetchGatewayUrl", () => {
  it("is cold and returns the url of GET /gateway or /gateway/bot", async () => {
    answer(200, { url: "wss://api.sgroup.qq.com/websocket/" });
    const url$ = fetchGatewayUrl({ rest });
    expect(paths).toEqual([]);
    await expect(firstValueFrom(url$)).resolves.toBe("wss://api.sgroup.qq.com/websocket/");
    await firstValueFrom(url$);
    await firstValueFrom(fetchGatewayUrl({ rest, bot: true }));
    expect(paths).toEqual(["/gateway", "/gateway", "/gateway/bot"]);
  });

  it.each([
    ["an empty body", ""],
    ["an HTML body", "<html><body>502 Bad Gateway</body></html>"],
    ["JSON without url", { shards: 1 }],
    ["a non-WebSocket url", { url: "https://api.sgroup.qq.com/websocket/" }],
    ["a JSON array", [1, 2]],
  ])("raises GatewayResponseError for a 2xx answer with %s", async (_what, body) => {
    answer(200, body);
    const err = await failure(fetchGatewayUrl({ rest }));
    expect(err).toBeInstanceOf(GatewayResponseError);
    expect(err.message).toMatch(/^GET \/gateway answered /);
  });

  it("keeps the status on a non-JSON answer", async () => {
    answer(200, "<html>");
    const err = (await failure(fetchGatewayUrl({ rest }))) as GatewayResponseError;
    expect(err.status).toBe(200);
    expect(err.message).toBe("GET /gateway answered HTTP 200 with a non-JSON body: <html>");
  });

  it("passes a rate limit through as the rest client's QQApiError", async () => {
    answer(400, { code: 100001, message: "接口调用超过频率限制" });
    const err = (await failure(fetchGatewayUrl({ rest }))) as QQApiError;
    expect(err).toBeInstanceOf(QQApiError);
    expect(err).toMatchObject({ status: 400, platformCode: 100001 });
    expect(err.message).toContain("接口调用超过频率限制");
    expect(isRateLimit(err)).toBe(true);
    answer(429, "");
    expect(await failure(fetchGatewayUrl({ rest }))).toMatchObject({ status: 429 });
  });

  it("raises QQNetworkError when the API cannot be reached", async () => {
    const port = await freePort();
    const offline = createRestClient({ apiBase: `http://127.0.0.1:${port}`, appId: "app-1", http: () => pool.current(), tokens });
    const err = await failure(fetchGatewayUrl({ rest: offline }));
    expect(err).toBeInstanceOf(QQNetworkError);
    expect(err.message).toContain("GET /gateway failed: connection refused (ECONNREFUSED)");
  });
});

describe("fetchGatewayBot", () => {
  const good = {
    url: "wss://sandbox.api.sgroup.qq.com/websocket",
    shards: 1,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
  };

  it("returns the checked fields", async () => {
    answer(200, good);
    await expect(firstValueFrom(fetchGatewayBot({ rest }))).resolves.toEqual(good);
    expect(paths).toEqual(["/gateway/bot"]);
  });

  it.each([
    ["a string shard count", { ...good, shards: "1" }],
    ["no session_start_limit", { url: good.url, shards: 1 }],
    ["a negative remaining", { ...good, session_start_limit: { ...good.session_start_limit, remaining: -1 } }],
    ["no url", { ...good, url: undefined }],
  ])("raises GatewayResponseError for %s", async (_what, body) => {
    answer(200, body);
    expect(await failure(fetchGatewayBot({ rest }))).toBeInstanceOf(GatewayResponseError);
  });
});

describe("isWebSocketUrl", () => {
  it("accepts ws:// and wss:// URLs only", () => {
    expect(isWebSocketUrl("ws://127.0.0.1:1/ws")).toBe(true);
    expect(isWebSocketUrl("wss://h/websocket")).toBe(true);
    expect(isWebSocketUrl("http://h/")).toBe(false);
    expect(isWebSocketUrl("wss:")).toBe(false);
    expect(isWebSocketUrl(42)).toBe(false);
  });
});
