import { once } from "node:events";
import { Agent, MockAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { QQNetworkError } from "../../src/errors.js";
import { createHttpClient, createHttpClientPool } from "../../src/http/http-client.js";
import type { HttpClient, HttpClientPool } from "../../src/http/types.js";
import { DEFAULT_HTTP_OPTIONS, type HttpOptions } from "../../src/http/options.js";
import { closeServers, serve, withBody } from "../helpers/loopback-server.js";
import { rejection } from "../helpers/rejection.js";

const clients: Array<HttpClient | HttpClientPool> = [];

function track<T extends HttpClient | HttpClientPool>(c: T): T {
  clients.push(c);
  return c;
}

const http = (over: Partial<HttpOptions> = {}): HttpOptions => ({ ...DEFAULT_HTTP_OPTIONS, ...over });
const env = {};

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  closeServers();
});

describe("createHttpClient", () => {
  it("returns status, headers, text and trace id for every status, and sends JSON", async () => {
    const seen: Array<{ type: string | undefined; body: string }> = [];
    const srv = await serve(withBody((req, res, body) => {
      seen.push({ type: req.headers["content-type"], body });
      res.writeHead(req.url === "/fail" ? 500 : 200, { "X-Tps-trace-ID": "trace-1" }).end(req.url === "/fail" ? "oops" : '{"ok":true}');
    }));
    const client = track(createHttpClient({ http: http(), env }));
    const ok = await client.request({ method: "POST", url: `${srv.url}/ok`, body: { a: 1 } });
    expect(ok).toMatchObject({ status: 200, text: '{"ok":true}', traceId: "trace-1" });
    expect(ok.headers["x-tps-trace-id"]).toBe("trace-1");
    const fail = await client.request({ method: "GET", url: `${srv.url}/fail` });
    expect(fail).toMatchObject({ status: 500, text: "oops" });
    expect(seen[0]).toEqual({ type: "application/json", body: '{"a":1}' });
  });

  it("times out a server that never answers within requestTimeoutMs", async () => {
    const srv = await serve(() => undefined);
    const client = track(createHttpClient({ http: http({ requestTimeoutMs: 200 }), env }));
    const started = performance.now();
    const err = await rejection(client.request({ method: "GET", url: `${srv.url}/hang?x=1` }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(err).toBeInstanceOf(QQNetworkError);
    expect(err.message).toMatch(/^GET \/hang failed: timed out after 200 ms/);
    expect(err.cause).toBeInstanceOf(DOMException);
    expect(err.cause).toMatchObject({ name: "TimeoutError" }); // AbortSignal.timeout's reason
  });

  it("reports a refused connection with the method, path and ECONNREFUSED", async () => {
    const srv = await serve(() => undefined);
    const url = srv.url;
    srv.server.close();
    await once(srv.server, "close");
    const client = track(createHttpClient({ http: http(), env, secrets: () => ["tok-abcdefgh"] }));
    const err = await rejection(
      client.request({ method: "GET", url: `${url}/gateway`, headers: { Authorization: "QQBot tok-abcdefgh" } }),
    );
    expect(err).toBeInstanceOf(QQNetworkError);
    expect(err.message).toMatch(/^GET \/gateway failed: connection refused \(ECONNREFUSED\)/);
    expect(err.message).not.toContain("tok-abcdefgh");
  });

  it("gives a meaningful message for an undici error with an empty message", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent.get("http://platform.test").intercept({ path: "/gateway" }).replyWithError(Object.assign(new Error(""), { code: "UND_ERR_CONNECT_TIMEOUT" }));
    const client = track(createHttpClient({ http: http(), dispatcherFactory: () => agent }));
    const err = await rejection(client.request({ method: "GET", url: "http://platform.test/gateway" }));
    expect(err).toBeInstanceOf(QQNetworkError);
    expect(err.message).toMatch(/^GET \/gateway failed: connect timed out \(UND_ERR_CONNECT_TIMEOUT\): \S/);
  });

  it("refuses bodies larger than maxResponseBytes, declared or streamed", async () => {
    const srv = await serve((req, res) => {
      if (req.url === "/declared") res.writeHead(200, { "content-length": "5000" }).end("y".repeat(5000));
      else {
        res.writeHead(200);
        res.write("z".repeat(3000));
        res.end("z".repeat(3000));
      }
    });
    const client = track(createHttpClient({ http: http({ maxResponseBytes: 4096 }), env }));
    for (const path of ["/declared", "/chunked"]) {
      const err = await rejection(client.request({ method: "GET", url: `${srv.url}${path}` }));
      expect(err).toBeInstanceOf(QQNetworkError);
      expect(err.message).toContain(`GET ${path} failed: response body`);
      expect(err.message).toContain("larger than maxResponseBytes (4096 bytes)");
    }
  });

  it("aborts on the caller's signal and on close(); refuses requests after close", async () => {
    const srv = await serve(() => undefined);
    const client = createHttpClient({ http: http(), env });
    const controller = new AbortController();
    const byCaller = client.request({ method: "GET", url: `${srv.url}/a`, signal: controller.signal });
    controller.abort();
    expect((await rejection(byCaller)).message).toMatch(/^GET \/a failed: aborted by the caller/);
    const pending = client.request({ method: "GET", url: `${srv.url}/b` });
    await once(srv.server, "request");
    await client.close();
    expect((await rejection(pending)).message).toMatch(/^GET \/b failed: aborted because the HTTP client was closed/);
    const after = await rejection(client.request({ method: "GET", url: `${srv.url}/c` }));
    expect(after).toBeInstanceOf(QQNetworkError);
    expect(after.message).toBe("GET /c failed: the HTTP client is closed");
  });
});

describe("createHttpClientPool", () => {
  it("renew() opens a new connection and closes the old one; close() leaves no socket open", async () => {
    const srv = await serve((_req, res) => res.end("ok"));
    const pool = track(createHttpClientPool({ http: http({ connections: 1 }), env }));
    await pool.current().request({ method: "GET", url: `${srv.url}/1` });
    await pool.current().request({ method: "GET", url: `${srv.url}/2` });
    expect(srv.sockets).toHaveLength(1);
    const first = srv.sockets[0]!;
    const oldClosed = once(first, "close");
    const old = pool.current();
    const fresh = pool.renew();
    expect(fresh).not.toBe(old);
    expect(pool.current()).toBe(fresh);
    await oldClosed;
    await fresh.request({ method: "GET", url: `${srv.url}/3` });
    expect(srv.sockets).toHaveLength(2);
    const second = srv.sockets[1]!;
    await pool.close();
    if (!second.destroyed) await once(second, "close");
    expect(srv.sockets.every((s) => s.destroyed)).toBe(true);
    expect((await rejection(old.request({ method: "GET", url: `${srv.url}/4` }))).message).toContain("the HTTP client is closed");
  });

  it("builds a dispatcher only for a client that makes a request (a reconnect with nothing to fetch opens no agent)", async () => {
    const srv = await serve((_req, res) => res.end("ok"));
    const made: Agent[] = [];
    const pool = track(createHttpClientPool({ http: http(), dispatcherFactory: () => made[made.push(new Agent()) - 1]! }));
    pool.renew();
    pool.renew();
    expect(made).toHaveLength(0);
    await pool.current().request({ method: "GET", url: `${srv.url}/1` });
    await pool.current().request({ method: "GET", url: `${srv.url}/2` });
    expect(made).toHaveLength(1);
    pool.renew();
    await pool.current().request({ method: "GET", url: `${srv.url}/3` });
    expect(made).toHaveLength(2);
    await pool.close();
    expect(made.every((a) => a.destroyed || a.closed)).toBe(true);
  });

  it("lets a request in flight on the old client finish after renew()", async () => {
    let release: (() => void) | undefined;
    const srv = await serve((req, res) => {
      if (req.url === "/slow") release = () => res.end("late");
      else res.end("ok");
    });
    const pool = track(createHttpClientPool({ http: http(), env, closeGraceMs: 5000 }));
    const slow = pool.current().request({ method: "GET", url: `${srv.url}/slow` });
    await once(srv.server, "request");
    pool.renew();
    release?.();
    expect((await slow).text).toBe("late");
  });
});
