import { describe, expect, it } from "vitest";
import { filter, map, NEVER } from "rxjs";
import { marbles, type Context } from "rxjs-marbles";
import { GatewayFatalError } from "../../src/errors.js";
import { quickDisconnectStormError } from "../../src/gateway/quick-disconnects.js";
import type { LoopEvent } from "../../src/transport/loop-events.js";
import type { ConnectRequest, Disconnect } from "../../src/gateway/types.js";
import { closeCodeAction } from "../../src/protocol/close-codes.js";
import {
  code, connValues, disconnect, keepConnections, loopHarness, record, statesOf, subscribed, testPolicy,
} from "./reconnect-fakes.js";

/** IDENTIFY or RESUME (as asked), READY/RESUMED at frame 3, then end with `x` after `lifeMs`. */
const conn = (m: Context, x: Partial<Disconnect>, lifeMs = 60_000) => (req: ConnectRequest) =>
  m.cold(`oh${req.session ? "sR" : "ir"} ${lifeMs}ms (x|)`, connValues({ connectedFor: lifeMs, ...x }));
/** Connects and stays. */
const stays = (m: Context) => (req: ConnectRequest) => m.cold(req.session ? "ohsR" : "ohir", connValues());
const onlyDisconnectsAndFatal = (e: LoopEvent) => e.type === "disconnect" || (e.type === "state" && e.change.state === "fatal");

describe("reconnect loop × close codes (PROTOCOL.md A1)", () => {
  it.each([4001, 4002, 4010, 4011, 4012, 4013, 4014, 4914, 4915])("close %i is fatal at once: state fatal, then GatewayFatalError", (closeCode) => marbles((m) => {
    const conns = keepConnections([() => m.cold("o 9ms h 9ms i 9ms r 69ms (x|)", connValues({ closeCode }))]);
    const h = loopHarness(m.scheduler, { scripts: conns.scripts });
    const expected = new GatewayFatalError(
      `the gateway closed the connection with code ${closeCode}, which no reconnect can fix: ${closeCodeAction(closeCode).meaning}`,
      "CLOSE_CODE_FATAL",
    );
    m.expect(h.loop$.pipe(map(code))).toBeObservable("(fc) 16ms i 9ms (rR) 66ms (xF#)", undefined, expected);
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect((rec.error as GatewayFatalError).code).toBe("CLOSE_CODE_FATAL");
    expect((rec.error as GatewayFatalError).closeCode).toBe(closeCode);
    expect(statesOf(rec).at(-1)).toMatchObject({ state: "fatal", at: 100 });
    expect(h.calls).toHaveLength(2); // one per subscription: never a reconnect
    for (const conn of conns.made) m.expect(conn).toHaveSubscriptions(subscribed(0, 100));
  })());

  it.each([
    ["4009", { closeCode: 4009 }],
    ["op 7", { cause: "reconnect" as const, closeCode: 4000 }],
    ["zombie", { cause: "zombie" as const }],
  ])("%s after a healthy connection: the next connect RESUMEs the session at once", (_name, x) => marbles((m) => {
    const h = loopHarness(m.scheduler, { scripts: [() => m.cold("ohira 995ms (x|)", connValues(x)), stays(m)] });
    record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls.map((c) => [c.at, c.request.session])).toEqual([
      [0, undefined],
      [1000, { sessionId: "S1", seq: 2 }],
    ]);
    expect(h.tokenAsks.map((t) => [t.at, t.refreshToken])).toEqual([[0, false], [1000, false]]);
    expect(h.counters.snapshot().zombies).toBe("cause" in x && x.cause === "zombie" ? 1 : 0);
  })());

  it.each([
    ["4006", { closeCode: 4006 }, false, 1000],
    ["4007", { closeCode: 4007 }, false, 1000],
    ["4900", { closeCode: 4900 }, true, 1000],
    ["4913", { closeCode: 4913 }, true, 1000],
    ["op 9 d=false", { cause: "invalid-session" as const }, true, 3000],
  ])("%s: the next connect IDENTIFYs (no session), refreshToken per table", (_name, x, refreshToken, delay) => marbles((m) => {
    const h = loopHarness(m.scheduler, { scripts: [conn(m, x, 10_000), stays(m)] });
    record(m.scheduler, h.loop$);
    m.flush();
    const end = 4 + 10_000;
    expect(h.calls.map((c) => [c.at, c.request.session])).toEqual([
      [0, undefined],
      [end + delay, undefined],
    ]);
    expect(h.tokenAsks.map((t) => [t.at, t.refreshToken])).toEqual([[0, false], [end + delay, refreshToken]]);
    expect(h.sessions.at(-2)).toBeUndefined(); // cleared (persisted as undefined) before the new READY
    expect(h.sessions.at(-1)).toEqual({ sessionId: "S1", seq: 1 });
  })());

  it("4004 keeps the session and asks for a fresh token", marbles((m) => {
    const h = loopHarness(m.scheduler, { scripts: [conn(m, { closeCode: 4004 }, 10_000), stays(m)] });
    record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls[1]).toMatchObject({ at: 10_004 + 1000, request: { session: { sessionId: "S1", seq: 1 } } });
    expect(h.tokenAsks[1]).toEqual({ at: 10_004 + 1000, refreshToken: true });
  }));

  it("op 9 d=true waits 3 s and RESUMEs", marbles((m) => {
    const h = loopHarness(m.scheduler, { scripts: [conn(m, { cause: "invalid-session", resumable: true }, 10_000), stays(m)] });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls[1]).toMatchObject({ at: 10_004 + 3000, request: { session: { sessionId: "S1", seq: 1 } } });
    expect(statesOf(rec).find((s) => s.state === "reconnecting")).toMatchObject({ at: 10_004, retryInMs: 3000 });
  }));

  it("4008 cools down for rateLimitCooldownMs in state cooling-down, then RESUMEs", marbles((m) => {
    const h = loopHarness(m.scheduler, { scripts: [conn(m, { closeCode: 4008 }, 10_000), stays(m)] });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(statesOf(rec).find((s) => s.state === "cooling-down")).toMatchObject({ at: 10_004, retryInMs: 60_000 });
    expect(statesOf(rec).some((s) => s.state === "reconnecting")).toBe(false);
    expect(h.calls[1]).toMatchObject({ at: 70_004, request: { session: { sessionId: "S1", seq: 1 } } });
  }));

  it("a refresh asked for survives a failed URL attempt until a connect happens", marbles((m) => {
    let n = 0;
    const h = loopHarness(m.scheduler, {
      scripts: [conn(m, { closeCode: 4004 }, 10_000), stays(m)],
      fetch: () => (n++ === 1 ? m.cold<string>("#", undefined, new Error("nope")) : m.cold("(u|)", { u: "wss://x/y" })),
    });
    m.scheduler.schedule(() => h.urls.invalidate("wss://x/y"), 5000); // so the attempt after 4004 must fetch
    record(m.scheduler, h.loop$);
    m.flush();
    expect(h.fetchAt).toEqual([0, 11_004, 13_004]);
    expect(h.calls.map((c) => c.at)).toEqual([0, 13_004]);
    expect(h.tokenAsks.map((t) => [t.at, t.refreshToken])).toEqual([[0, false], [13_004, true]]);
  }));
});

describe("reconnect loop × failed resumes", () => {
  it("after maxFailedResumes (2) resumes without RESUMED, the session is dropped and the next attempt IDENTIFYs", marbles((m) => {
    const resumeNeverAnswered = (req: ConnectRequest) => (req.session
      ? m.cold("ohs 19997ms (x|)", connValues({ cause: "ready-timeout", attemptedResume: true, ready: false, connectedFor: 20_000 }))
      : m.cold("ohir", connValues()));
    const conns = keepConnections([resumeNeverAnswered]);
    const h = loopHarness(m.scheduler, { scripts: conns.scripts, initialSession: { sessionId: "S0", seq: 10 } });
    record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls.map((c) => [c.at, c.request.session?.sessionId])).toEqual([[0, "S0"], [21_000, "S0"], [43_000, undefined]]);
    expect(conns.made).toHaveLength(3);
    m.expect(conns.made[0]!).toHaveSubscriptions(subscribed(0, 20_000));
    m.expect(conns.made[1]!).toHaveSubscriptions(subscribed(21_000, 41_000));
    m.expect(conns.made[2]!).toHaveSubscriptions(subscribed(43_000));
    expect(h.sessions).toEqual([undefined, { sessionId: "S1", seq: 1 }]);
    expect(h.counters.snapshot()).toMatchObject({ resumes: 2, identifies: 1 });
  }));
});

describe("reconnect loop × backoff", () => {
  it("waits 1 s, 2 s, 5 s, 10 s between failures, restarts after READY (random fixed at 0.5)", marbles((m) => {
    const fail = () => m.cold("(x|)", connValues({ cause: "handshake-timeout", sawHello: false, ready: false, connectedFor: 0 }));
    const conns = keepConnections([fail, fail, fail, fail, conn(m, { closeCode: 1006 }, 9996), fail, stays(m)]);
    const h = loopHarness(m.scheduler, { scripts: conns.scripts });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls.map((c) => c.at)).toEqual([0, 1000, 3000, 8000, 18_000, 29_000, 31_000]);
    // Each connection is let go when it ends, and none is subscribed during a wait.
    const lived: [number, number | undefined][] = [[0, 0], [1000, 1000], [3000, 3000], [8000, 8000], [18_000, 28_000], [29_000, 29_000], [31_000, undefined]];
    conns.made.forEach((c, k) => m.expect(c).toHaveSubscriptions(subscribed(...lived[k]!)));
    expect(statesOf(rec).filter((s) => s.state === "reconnecting").map((s) => s.retryInMs)).toEqual([1000, 2000, 5000, 10_000, 1000, 2000]);
  }));

  it("keeps trying through a long outage: no attempt cap, the last backoff repeats", marbles((m) => {
    const fail = () => m.cold("(x|)", connValues({ cause: "connect-failed", sawHello: false, ready: false, connectedFor: 0 }));
    const h = loopHarness(m.scheduler, { scripts: [...Array.from({ length: 40 }, () => fail), stays(m)] });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls).toHaveLength(41);
    const gaps = h.calls.slice(1).map((c, i) => c.at - (h.calls[i]?.at ?? 0));
    expect(gaps.slice(0, 7)).toEqual([1000, 2000, 5000, 10_000, 30_000, 60_000, 60_000]);
    expect(new Set(gaps.slice(5))).toEqual(new Set([60_000]));
    expect(rec.error).toBeUndefined();
  }));
});

describe("reconnect loop × quick disconnects", () => {
  const quick = (m: Context) => (req: ConnectRequest) =>
    m.cold(`oh${req.session ? "sR" : "ir"} 996ms (x|)`, connValues({ closeCode: 1006, reason: "abnormal", connectedFor: 1000 }));

  it("6 quick disconnects → fatal on exactly the 6th disconnect's frame", marbles((m) => {
    const h = loopHarness(m.scheduler, { scripts: [quick(m)] });
    const policy = testPolicy();
    const expected = quickDisconnectStormError(6, disconnect({ closeCode: 1006, reason: "abnormal", connectedFor: 1000 }), policy);
    // disconnect k at 1000 + 2000·(k−1): each lived 1 s, each healthy, so each waits backoff[0] = 1 s
    m.expect(h.loop$.pipe(filter(onlyDisconnectsAndFatal), map(code)))
      .toBeObservable("1000ms x 1999ms x 1999ms x 1999ms x 1999ms x 1999ms (xF#)", undefined, expected);
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(rec.error).toBeInstanceOf(GatewayFatalError);
    expect((rec.error as GatewayFatalError).code).toBe("QUICK_DISCONNECT_STORM");
    expect((rec.error as GatewayFatalError).disconnects).toBe(6);
    expect(statesOf(rec).at(-1)).toMatchObject({ state: "fatal", at: 11_000 });
  }));

  it("5 quick + 1 long-lived + 5 quick → not fatal", marbles((m) => {
    const q = quick(m);
    const h = loopHarness(m.scheduler, { scripts: [q, q, q, q, q, conn(m, { closeCode: 1006 }, 5000), q, q, q, q, q, () => NEVER] });
    const rec = record(m.scheduler, h.loop$);
    m.flush();
    expect(h.calls).toHaveLength(12);
    expect(rec.error).toBeUndefined();
    expect(h.counters.snapshot().quickDisconnects).toBe(10);
  }));
});
