import { describe, expect, it } from "vitest";
import { defer, map, NEVER, of, throwError } from "rxjs";
import { marbles } from "rxjs-marbles";
import type { Context } from "rxjs-marbles";
import { GatewayFatalError, QQApiError, QQAuthError, QQNetworkError } from "../../src/errors.js";
import type { ConnectRequest } from "../../src/gateway/types.js";
import {
  code, connValues, keepConnections, loopHarness, record, servedFromCache, statesOf, subscribed, timelineOf, URL_A, URL_B,
} from "./reconnect-fakes.js";

const rateLimited = () => new QQApiError("接口调用超过频率限制", { status: 400 });

/** A connection that IDENTIFYs (or RESUMEs when asked to), gets three dispatches, lives `lifeMs`, then ends with `x`. */
const healthy = (m: Context, x: Parameters<typeof connValues>[0], lifeMs = 60_000) =>
  (req: ConnectRequest) => m.cold(`oh${req.session ? "sR" : "ir"}abc ${lifeMs}ms (x|)`, connValues({ connectedFor: lifeMs, ...x }));

describe("reconnect loop: the normal flow", () => {
  it("first connect fetches once; the reconnect after 4009 reuses the cache and RESUMEs at once", marbles((m) => {
    const scheduler = m.scheduler;
    const conns = keepConnections([healthy(m, { closeCode: 4009, reason: "session timed out" }), (req) => m.cold(req.session ? "ohsR" : "ohir", connValues())]);
    const h = loopHarness(scheduler, { scripts: conns.scripts });
    const rec = record(scheduler, h.loop$);
    m.flush();
    expect(timelineOf(rec)).toEqual(["0:fc", "2:i", "3:rR", "4:d", "5:d", "6:d", "60007:xwfc", "60009:s", "60010:rR"]);
    // The first connection is let go when it ends; the next one starts in that same frame.
    expect(conns.made).toHaveLength(2);
    m.expect(conns.made[0]!).toHaveSubscriptions(subscribed(0, 60_007));
    m.expect(conns.made[1]!).toHaveSubscriptions(subscribed(60_007));
    expect(h.fetchAt).toEqual([0]);
    expect(h.calls.map((c) => [c.at, c.request.url, c.request.session, c.request.attempt])).toEqual([
      [0, URL_A, undefined, 1],
      [60_007, URL_A, { sessionId: "S1", seq: 4 }, 2],
    ]);
    expect(h.counters.snapshot()).toMatchObject({ gatewayFetches: 1, gatewayCacheHits: 1, identifies: 1, resumes: 1, reconnects: 1 });
    expect(h.sessions).toEqual([
      { sessionId: "S1", seq: 1 }, { sessionId: "S1", seq: 2 }, { sessionId: "S1", seq: 3 }, { sessionId: "S1", seq: 4 },
      { sessionId: "S1", seq: 4 },
    ]);
    const reconnecting = statesOf(rec).find((s) => s.state === "reconnecting");
    expect(reconnecting).toMatchObject({ shard: 0, at: 60_007, retryInMs: 0 });
    expect(reconnecting?.reason).toMatch(/close 4009/);
    expect(rec.error).toBeUndefined();
  }));

  it("emits dispatches and READY with their shard and payload", marbles((m) => {
    const values = { ...connValues(), r: { type: "ready" as const, sessionId: "S1", seq: 1, resumed: false, user: { id: "bot-1", username: "echo" } } };
    const h = loopHarness(m.scheduler, { scripts: [() => m.cold("ohira", values)] });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    const nonState = rec.events.map(({ e }) => e).filter((e) => e.type !== "state");
    expect(nonState).toStrictEqual([
      { type: "ready", sessionId: "S1", resumed: false, shard: 0, user: { id: "bot-1", username: "echo" } },
      { type: "dispatch", payload: { op: 0, t: "C2C_MESSAGE_CREATE", s: 2, d: { id: "m2" } }, shard: 0 },
    ]);
  }));

  it("resumes the initial session on the first attempt", marbles((m) => {
    const h = loopHarness(m.scheduler, { scripts: [(req) => m.cold(req.session ? "ohsRa" : "ohir", connValues())], initialSession: { sessionId: "S1", seq: 7 } });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls[0]?.request.session).toEqual({ sessionId: "S1", seq: 7 });
    expect(timelineOf(rec)).toEqual(["0:fc", "2:s", "3:rR", "4:d"]);
    expect(h.sessions).toEqual([{ sessionId: "S1", seq: 7 }]); // RESUMED s=1 and dispatch s=2 are behind seq 7
  }));
});

describe("reconnect loop: gateway URL under pressure", () => {
  it("storm: /gateway allows 2 calls per window, 6 connections → exactly 1 fetch and 5 cache hits", marbles((m) => {
    const calls: number[] = [];
    const limited = () => defer(() => {
      const now = m.scheduler.now();
      calls.push(now);
      return calls.filter((t) => now - t < 60_000).length > 2 ? throwError(() => rateLimited()) : of(URL_A);
    });
    const conns = keepConnections([...Array.from({ length: 5 }, () => healthy(m, { closeCode: 4009 }, 5000)), () => NEVER]);
    const h = loopHarness(m.scheduler, { fetch: limited, scripts: conns.scripts });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls).toHaveLength(6);
    // One connection at a time: each ends at 5007 ms and the next starts in that frame.
    for (let k = 0; k < 5; k++) m.expect(conns.made[k]!).toHaveSubscriptions(subscribed(5007 * k, 5007 * (k + 1)));
    expect(h.counters.snapshot()).toMatchObject({ gatewayFetches: 1, gatewayCacheHits: 5, rateLimited: 0, reconnects: 5 });
    expect(rec.error).toBeUndefined();
  }));

  it("20 resumable 4009 closes in a row → still exactly 1 fetch, 1 IDENTIFY, 20 RESUMEs", marbles((m) => {
    const scripts = Array.from({ length: 20 }, () => healthy(m, { closeCode: 4009 }, 6000));
    const conns = keepConnections([...scripts, (req) => m.cold(req.session ? "ohsR" : "ohir", connValues())]);
    const h = loopHarness(m.scheduler, { scripts: conns.scripts });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(h.fetchAt).toEqual([0]);
    expect(h.calls).toHaveLength(21);
    conns.made.forEach((conn, k) => m.expect(conn).toHaveSubscriptions(subscribed(6007 * k, k < 20 ? 6007 * (k + 1) : undefined)));
    expect(h.calls.slice(1).every((c) => c.request.session?.sessionId === "S1")).toBe(true);
    expect(h.counters.snapshot()).toMatchObject({ gatewayFetches: 1, gatewayCacheHits: 20, identifies: 1, resumes: 20 });
    expect(rec.error).toBeUndefined();
  }));

  it("rate limit with a cache: the cached URL is used, /gateway is never called", marbles((m) => {
    const h = loopHarness(m.scheduler, { cached: URL_B, fetch: () => throwError(() => rateLimited()), scripts: [healthy(m, { closeCode: 1006 }, 10_000), () => NEVER] });
    record(m.scheduler, h.loop$);
    m.flush();
    expect(h.fetchAt).toEqual([]);
    expect(h.calls.map((c) => c.request.url)).toEqual([URL_B, URL_B]);
  }));

  it("rate limit without a cache: cooling-down for the cooldown, then exactly one more fetch at t = cooldown", marbles((m) => {
    let n = 0;
    const h = loopHarness(m.scheduler, { fetch: () => defer(() => (++n === 1 ? throwError(() => rateLimited()) : of(URL_B))), scripts: [() => m.cold("ohir", connValues())] });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(timelineOf(rec)).toEqual(["0:fz", "60000:fc", "60002:i", "60003:rR"]);
    expect(statesOf(rec)[1]).toMatchObject({ state: "cooling-down", retryInMs: 60_000, at: 0 });
    expect(statesOf(rec)[1]?.reason).toMatch(/rate limited/);
    expect(h.fetchAt).toEqual([0, 60_000]);
    expect(h.calls.map((c) => [c.at, c.request.url])).toEqual([[60_000, URL_B]]);
    expect(h.counters.snapshot().rateLimited).toBe(1);
  }));

  it("a rate limit that outlasts several cooldowns: cooling-down each time, one fetch per cooldown, then success", marbles((m) => {
    let n = 0;
    const h = loopHarness(m.scheduler, { fetch: () => defer(() => (++n <= 3 ? throwError(() => rateLimited()) : of(URL_B))), scripts: [() => m.cold("ohir", connValues())] });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(h.fetchAt).toEqual([0, 60_000, 120_000, 180_000]);
    expect(timelineOf(rec)).toEqual(["0:fz", "60000:fz", "120000:fz", "180000:fc", "180002:i", "180003:rR"]);
    expect(h.counters.snapshot().rateLimited).toBe(3);
  }));

  it("a URL that cannot be opened is invalidated and the next attempt fetches a fresh one", marbles((m) => {
    let n = 0;
    const conns = keepConnections([
      () => m.cold("(x|)", connValues({ cause: "connect-failed", reason: "ECONNREFUSED", sawHello: false, ready: false, connectedFor: 0 })),
      () => m.cold("ohir", connValues()),
    ]);
    const h = loopHarness(m.scheduler, { cached: URL_A, fetch: () => defer(() => of([URL_B][n++] ?? URL_B)), scripts: conns.scripts });
    record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls.map((c) => [c.at, c.request.url])).toEqual([[0, URL_A], [1000, URL_B]]);
    m.expect(conns.made[0]!).toHaveSubscriptions(subscribed(0, 0));
    m.expect(conns.made[1]!).toHaveSubscriptions(subscribed(1000));
    expect(h.fetchAt).toEqual([1000]);
    expect(servedFromCache(h.urls, h.fetchAt)).toBe(URL_B);
  }));

  it("the emergency fallback after a rate limit is cached again once a socket to it sees HELLO", marbles((m) => {
    const refused = () => m.cold("(x|)", connValues({ cause: "connect-failed", reason: "ECONNRESET", sawHello: false, ready: false, connectedFor: 0 }));
    const conns = keepConnections([refused, healthy(m, { closeCode: 1006 }, 10_000), () => NEVER]);
    const h = loopHarness(m.scheduler, { cached: URL_A, fetch: () => throwError(() => rateLimited()), scripts: conns.scripts });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls.map((c) => [c.at, c.request.url])).toEqual([[0, URL_A], [1000, URL_A], [12_007, URL_A]]);
    m.expect(conns.made[0]!).toHaveSubscriptions(subscribed(0, 0));
    m.expect(conns.made[1]!).toHaveSubscriptions(subscribed(1000, 11_007));
    expect(h.fetchAt).toEqual([1000]);
    expect(h.counters.snapshot()).toMatchObject({ rateLimited: 1, gatewayCacheHits: 2 });
    expect(statesOf(rec).some((s) => s.state === "cooling-down")).toBe(false);
  }));

  it("a socket that saw HELLO keeps its URL cached whatever closed it", marbles((m) => {
    const h = loopHarness(m.scheduler, { cached: URL_A, scripts: [() => m.cold("oh(x|)", connValues({ cause: "error", ready: false, connectedFor: 6000 })), () => NEVER] });
    record(m.scheduler, h.loop$);
    m.flush();
    expect(h.fetchAt).toEqual([]);
    expect(servedFromCache(h.urls, h.fetchAt)).toBe(URL_A);
  }));

  it("other URL failures count as failed attempts: backoff 1 s, 2 s, then success", marbles((m) => {
    let n = 0;
    const h = loopHarness(m.scheduler, {
      fetch: () => defer(() => (++n < 3 ? throwError(() => new QQApiError("forbidden", { status: 403 })) : of(URL_A))),
      scripts: [() => m.cold("ohir", connValues())],
    });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(h.fetchAt).toEqual([0, 1000, 3000]);
    expect(timelineOf(rec)).toEqual(["0:fw", "1000:fw", "3000:fc", "3002:i", "3003:rR"]);
    expect(statesOf(rec).filter((s) => s.state === "reconnecting").map((s) => s.retryInMs)).toEqual([1000, 2000]);
  }));

  it("refused credentials while fetching the URL are fatal (AUTH_FAILED)", marbles((m) => {
    const auth = new QQAuthError("invalid appid or secret", { status: 401 });
    const h = loopHarness(m.scheduler, { fetch: () => throwError(() => auth), scripts: [() => NEVER] });
    m.expect(h.loop$.pipe(map(code))).toBeObservable("(fF#)", undefined, new GatewayFatalError(
      "the platform refused the bot's credentials; check the app id and client secret (QQAuthError: invalid appid or secret)", "AUTH_FAILED",
    ));
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls).toHaveLength(0);
    expect(rec.error).toBeInstanceOf(GatewayFatalError);
    expect((rec.error as GatewayFatalError).code).toBe("AUTH_FAILED");
    expect((rec.error as GatewayFatalError).cause).toBe(auth);
  }));
});

describe("reconnect loop: connect() misbehaving", () => {
  it("connect() erroring with QQAuthError is fatal (AUTH_FAILED), state fatal just before", marbles((m) => {
    const h = loopHarness(m.scheduler, { scripts: [() => m.cold("o 9ms h 9ms #", connValues(), new QQAuthError("token refused", { status: 401 }))] });
    m.expect(h.loop$.pipe(map(code))).toBeObservable("(fc) 16ms (F#)", undefined, new GatewayFatalError(
      "the platform refused the bot's credentials; check the app id and client secret (QQAuthError: token refused)", "AUTH_FAILED",
    ));
  }));

  it("any other connect() error is a disconnect like any other, and the loop goes on", marbles((m) => {
    const erroring = m.cold("o 9ms #", connValues(), new QQNetworkError(""));
    const empty = m.cold("|");
    const h = loopHarness(m.scheduler, { scripts: [() => erroring, () => empty, () => NEVER] });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls.map((c) => c.at)).toEqual([0, 1010, 3010]);
    m.expect(erroring).toHaveSubscriptions(subscribed(0, 10));
    m.expect(empty).toHaveSubscriptions(subscribed(1010, 1010));
    const ds = rec.events.flatMap(({ e }) => (e.type === "disconnect" ? [e.disconnect] : []));
    expect(ds.map((d) => [d.cause, d.connectedFor])).toEqual([["error", 10], ["connect-failed", 0]]);
    expect(ds[0]?.reason).toMatch(/QQNetworkError/);
    expect(ds[1]?.reason).toMatch(/without a disconnect event/);
    expect(rec.error).toBeUndefined();
  }));
});

describe("reconnect loop: teardown", () => {
  it("unsubscribing ends the loop and the connection (subscription marbles)", marbles((m) => {
    const connection = m.cold("o 9ms h 9ms i 9ms r", connValues());
    const h = loopHarness(m.scheduler, { scripts: [() => connection] });
    m.expect(h.loop$.pipe(map(code)), "^ 999ms !").toBeObservable("(fc) 16ms i 9ms (rR)");
    m.expect(connection).toHaveSubscriptions(["^ 999ms !"]);
  }));

  it("unsubscribing during a backoff wait cancels the next attempt", marbles((m) => {
    const failing = m.cold("(x|)", connValues({ cause: "handshake-timeout", sawHello: false, ready: false, connectedFor: 0 }));
    const h = loopHarness(m.scheduler, { scripts: [() => failing] });
    m.expect(h.loop$.pipe(map(code)), "^ 499ms !").toBeObservable("(fcxw)");
    m.expect(failing).toHaveSubscriptions(["(^!)"]);
    m.flush();
    expect(h.calls).toHaveLength(1);
  }));

  it("each connection is unsubscribed when it ends, before the next one starts", marbles((m) => {
    const first = m.cold("o 9ms h 9ms i 9ms r 99ms (x|)", connValues({ closeCode: 4009 }));
    const second = m.cold("o 9ms h 9ms s 9ms R", connValues());
    const h = loopHarness(m.scheduler, { scripts: [() => first, () => second] });
    m.expect(h.loop$.pipe(map(code)), "^ 199ms !").toBeObservable("(fc) 16ms i 9ms (rR) 96ms (xwfc) 14ms s 9ms (rR)");
    m.expect(first).toHaveSubscriptions(["^ 129ms !"]);
    m.expect(second).toHaveSubscriptions(["130ms ^ 69ms !"]);
  }));
});
