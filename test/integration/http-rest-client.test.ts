import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QQApiError } from "../../src/errors.js";
import { createAccessTokenSource } from "../../src/http/access-token.js";
import { createHttpClientPool } from "../../src/http/http-client.js";
import { createRestClient, REST_BAD_RESPONSE, USER_AGENT } from "../../src/http/rest-client.js";
import type { AccessTokenSource, HttpClientPool, RestClient } from "../../src/http/types.js";
import { DEFAULT_HTTP_OPTIONS } from "../../src/http/options.js";
import { closeServers, serve, withBody } from "../helpers/loopback-server.js";
import { rejection } from "../helpers/rejection.js";

const SECRET = "rest-secret-0987";
let base: string;
let pool: HttpClientPool;
let tokens: AccessTokenSource;
let rest: RestClient;
let issued = 0;
const hits = new Map<string, number>();

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers).end(typeof body === "string" ? body : JSON.stringify(body));
}

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  const path = req.url ?? "";
  hits.set(path, (hits.get(path) ?? 0) + 1);
  const auth = req.headers.authorization;
  if (path === "/app/getAppAccessToken") return send(res, 200, { access_token: `tok-${++issued}-abcdef`, expires_in: "7200" });
  if (path === "/echo") return send(res, 200, { auth, appid: req.headers["x-union-appid"], ua: req.headers["user-agent"], body });
  if (path === "/empty") return send(res, 200, "");
  if (path === "/nocontent") return send(res, 204, "");
  if (path === "/html") return send(res, 200, "<html><body>maintenance</body></html>");
  if (path === "/v2/groups/G/messages") {
    return send(res, 400, { message: "消息被去重，请检查请求msgseq", code: 40054005, err_code: 40054005 }, { "X-Tps-trace-ID": "trace-42" });
  }
  if (path === "/expired-once") return auth === "QQBot tok-1-abcdef" ? send(res, 401, { code: 11244, message: "token not exist or expire" }) : send(res, 200, { ok: auth });
  if (path === "/expired-always") return send(res, 401, { code: 11244, message: "token not exist or expire" });
  if (path === "/missing-token") return send(res, 401, { code: 11241, message: "token missing" });
  return send(res, 404, { message: "not found" });
}

beforeAll(async () => {
  base = (await serve(withBody(route))).url;
  pool = createHttpClientPool({ http: DEFAULT_HTTP_OPTIONS, env: {} });
});

afterAll(async () => {
  tokens.close();
  await pool.close();
  closeServers();
});

beforeEach(() => {
  issued = 0;
  hits.clear();
  tokens?.close();
  tokens = createAccessTokenSource({ tokenUrl: `${base}/app/getAppAccessToken`, appId: "app-1", clientSecret: SECRET, http: () => pool.current() });
  rest = createRestClient({ apiBase: `${base}/`, appId: "app-1", http: () => pool.current(), tokens, secrets: () => [SECRET] });
});

describe("createRestClient", () => {
  it("sends the token, the app id and the user agent, and JSON bodies; parses JSON answers", async () => {
    const got = await rest.request<{ auth: string; appid: string; ua: string; body: string }>("POST", "/echo", { content: "hi" });
    expect(got).toEqual({ auth: "QQBot tok-1-abcdef", appid: "app-1", ua: USER_AGENT, body: '{"content":"hi"}' });
    expect(USER_AGENT).toMatch(/^qqbot-rx\/\d+\.\d+\.\d+/);
  });

  it("returns undefined for empty and 204 answers", async () => {
    await expect(rest.request("GET", "/empty")).resolves.toBeUndefined();
    await expect(rest.request("DELETE", "/nocontent")).resolves.toBeUndefined();
  });

  it("raises a typed error for a 2xx answer that is not JSON", async () => {
    const err = await rejection<QQApiError>(rest.request("GET", "/html"));
    expect(err).toBeInstanceOf(QQApiError);
    expect(err.code).toBe(REST_BAD_RESPONSE);
    expect(err.status).toBe(200);
    expect(err.message).toBe("GET /html answered HTTP 200 with a non-JSON body: <html><body>maintenance</body></html>");
  });

  it("turns a non-2xx answer into a QQApiError with the platform's fields", async () => {
    const err = await rejection<QQApiError>(rest.request("POST", "/v2/groups/G/messages", { content: "x", msg_seq: 1 }));
    expect(err).toBeInstanceOf(QQApiError);
    expect(err).toMatchObject({ status: 400, platformCode: 40054005, traceId: "trace-42", method: "POST", path: "/v2/groups/G/messages" });
    expect(err.message).toBe('POST /v2/groups/G/messages failed: HTTP 400, platform code 40054005 "消息被去重，请检查请求msgseq" (trace trace-42)');
  });

  it("refreshes the token and retries once on 401 / 11244", async () => {
    await expect(rest.request("GET", "/expired-once")).resolves.toEqual({ ok: "QQBot tok-2-abcdef" });
    expect(hits.get("/expired-once")).toBe(2);
    expect(hits.get("/app/getAppAccessToken")).toBe(2);
  });

  it("retries only once when the fresh token is refused too, and not at all for other 401 codes", async () => {
    const err = await rejection<QQApiError>(rest.request("GET", "/expired-always"));
    expect(err).toMatchObject({ status: 401, platformCode: 11244 });
    expect(hits.get("/expired-always")).toBe(2);
    const missing = await rejection<QQApiError>(rest.request("GET", "/missing-token"));
    expect(missing.platformCode).toBe(11241);
    expect(hits.get("/missing-token")).toBe(1);
    expect(missing.message).not.toMatch(/tok-\d-abcdef/);
  });
});
