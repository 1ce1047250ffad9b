/**
 * Fakes for the reconnect-pipeline marble tests: a `connect` that plays scripted cold
 * connections and records every request with its virtual time, a counting
 * `fetchGatewayUrl`, and a compact one-letter view of `LoopEvent`s.
 */
import { defer, of, type Observable } from "rxjs";
import type { TestScheduler } from "rxjs/testing";
import type { LoopEvent } from "../../src/transport/loop-events.js";
import type { ConnectionEvent, ConnectRequest, Disconnect, SessionSnapshot } from "../../src/gateway/types.js";
import { createGatewayUrlSource, type GatewayUrlSource } from "../../src/gateway/gateway-url.js";
import { reconnectLoop } from "../../src/gateway/reconnect.js";
import { createCounters } from "../../src/stats.js";
import type { ReconnectPolicy } from "../../src/gateway/options.js";
import { resolveBotOptions } from "../../src/bot-options.js";

export const URL_A = "wss://gw.example/websocket-a";
export const URL_B = "wss://gw.example/websocket-b";

/** Defaults with jitter neutralised by `random: () => 0.5` in the loop config (validated as `createBot` does). */
export function testPolicy(overrides: Partial<ReconnectPolicy> = {}): ReconnectPolicy {
  return resolveBotOptions({ appId: "1", clientSecret: "test-secret", reconnect: overrides }).reconnect;
}

/** A complete Disconnect: by default a healthy, long-lived connection closed with no code. */
export function disconnect(partial: Partial<Disconnect> = {}): Disconnect {
  return {
    cause: "close", reason: "", at: 0, connectedFor: 60_000, sawHello: true, ready: true, attemptedResume: false,
    ...partial,
  };
}

/**
 * Marble values of a connection: o open, h hello, i IDENTIFY sent, s RESUME sent,
 * r READY (session S1, seq 1), R RESUMED (S1, seq 1), a/b/c dispatches with s = 2/3/4,
 * x the disconnect described by `x`.
 */
export function connValues(x: Partial<Disconnect> = {}): Record<string, ConnectionEvent> {
  const dispatch = (s: number): ConnectionEvent => ({ type: "dispatch", payload: { op: 0, t: "C2C_MESSAGE_CREATE", s, d: { id: `m${s}` } } });
  return {
    o: { type: "open" },
    h: { type: "hello", heartbeatIntervalMs: 41_250 },
    i: { type: "handshake", mode: "identify" },
    s: { type: "handshake", mode: "resume" },
    r: { type: "ready", sessionId: "S1", seq: 1, resumed: false },
    R: { type: "ready", sessionId: "S1", seq: 1, resumed: true },
    a: dispatch(2),
    b: dispatch(3),
    c: dispatch(4),
    x: { type: "disconnect", disconnect: disconnect(x) },
  };
}

/** One recorded `connect` call. */
export interface ConnectCall {
  request: ConnectRequest;
  at: number;
}

/**
 * A `connect` that plays `scripts[n]` for the n-th call (the last one repeats).
 * A script is a function of the request so it can pick identify vs resume.
 */
export function fakeConnect(scheduler: TestScheduler, scripts: ((req: ConnectRequest) => Observable<ConnectionEvent>)[]) {
  const calls: ConnectCall[] = [];
  const connect = (request: ConnectRequest): Observable<ConnectionEvent> =>
    defer(() => {
      calls.push({ request, at: scheduler.now() });
      const script = scripts[Math.min(calls.length - 1, scripts.length - 1)];
      if (!script) throw new Error("no script");
      return script(request);
    });
  return { connect, calls };
}

/** A counting `fetchGatewayUrl` that returns `source` (a cold observable) each call. */
export function fakeFetch(scheduler: TestScheduler, source: () => Observable<string>) {
  const at: number[] = [];
  const fetchGatewayUrl = (): Observable<string> => {
    at.push(scheduler.now());
    return source();
  };
  return { fetchGatewayUrl, at };
}

/**
 * One letter per LoopEvent: f fetching-url, c connecting, i identifying, s resuming,
 * r ready (state), w reconnecting, z cooling-down, F fatal, R READY/RESUMED event,
 * d dispatch, x disconnect.
 */
export function code(e: LoopEvent): string {
  switch (e.type) {
    case "state":
      return { "fetching-url": "f", connecting: "c", identifying: "i", resuming: "s", ready: "r", reconnecting: "w", "cooling-down": "z", fatal: "F", idle: "?", closed: "?" }[e.change.state];
    case "ready":
      return "R";
    case "dispatch":
      return "d";
    case "disconnect":
      return "x";
  }
}

/** What {@link record} collected. */
export interface Recording {
  events: { at: number; e: LoopEvent }[];
  error: unknown;
  completed: boolean;
  unsubscribe(): void;
}

/** Subscribe now and collect every event with its virtual time (read it after `m.flush()`). */
export function record(scheduler: TestScheduler, loop$: Observable<LoopEvent>): Recording {
  const rec: Recording = { events: [], error: undefined, completed: false, unsubscribe: () => sub.unsubscribe() };
  const sub = loop$.subscribe({
    next: (e) => rec.events.push({ at: scheduler.now(), e }),
    error: (err: unknown) => (rec.error = err),
    complete: () => (rec.completed = true),
  });
  return rec;
}

/** The recording as `"time:letters"` groups, e.g. `["0:fci", "2:rR", "60000:x"]`. */
export function timelineOf(rec: Recording): string[] {
  const out: string[] = [];
  let last: number | undefined;
  for (const { at, e } of rec.events) {
    if (at === last) out[out.length - 1] += code(e);
    else out.push(`${at}:${code(e)}`);
    last = at;
  }
  return out;
}

/** The state changes only. */
export function statesOf(rec: Recording) {
  return rec.events.flatMap(({ e }) => (e.type === "state" ? [e.change] : []));
}

/** Options of {@link loopHarness}. */
export interface HarnessOptions {
  scripts: ((req: ConnectRequest) => Observable<ConnectionEvent>)[];
  /** Each `/gateway` call returns this (default: `of(URL_A)`). */
  fetch?: () => Observable<string>;
  policy?: Partial<ReconnectPolicy>;
  initialSession?: SessionSnapshot;
  /** Put this URL into the cache before the loop starts. */
  cached?: string;
}

/** One recorded `beforeConnect` call (where the loop gets the token): whether it asked for a refresh. */
export interface TokenAsk {
  at: number;
  refreshToken: boolean;
}

/**
 * A reconnect loop over fakes, every wait on the test scheduler, jitter off. Its `beforeConnect`
 * records each call in `tokenAsks` and settles at once (synchronously, as virtual time needs).
 */
export function loopHarness(scheduler: TestScheduler, opts: HarnessOptions) {
  const policy = testPolicy(opts.policy);
  const counters = createCounters();
  const fetch = fakeFetch(scheduler, opts.fetch ?? (() => of(URL_A)));
  const urls = createGatewayUrlSource({ fetchGatewayUrl: fetch.fetchGatewayUrl, policy, scheduler, counters });
  if (opts.cached) urls.remember(opts.cached);
  const conn = fakeConnect(scheduler, opts.scripts);
  const sessions: (SessionSnapshot | undefined)[] = [];
  const seqs: number[] = [];
  const tokenAsks: TokenAsk[] = [];
  const beforeConnect = ({ refreshToken }: { refreshToken: boolean }) => {
    tokenAsks.push({ at: scheduler.now(), refreshToken });
    return of(undefined);
  };
  const loop$ = reconnectLoop({
    connect: conn.connect, gatewayUrl: urls, policy, scheduler, random: () => 0.5, counters, shard: 0,
    initialSession: opts.initialSession, onSession: (s) => sessions.push(s && { ...s }), onSeq: (seq) => seqs.push(seq), beforeConnect,
  });
  return { loop$, calls: conn.calls, tokenAsks, fetchAt: fetch.at, counters, urls, sessions, seqs, policy };
}

/**
 * The URL `urls` serves from its cache without calling `/gateway`, or `undefined` when it would
 * have to fetch. Asks through `url$` (synchronous for a cache hit); `fetchAt` shows no new call.
 */
export function servedFromCache(urls: GatewayUrlSource, fetchAt: readonly number[]): string | undefined {
  const fetchesBefore = fetchAt.length;
  let served: string | undefined;
  const sub = urls.url$.subscribe({ next: (url) => (served = url), error: () => undefined });
  sub.unsubscribe();
  return fetchAt.length === fetchesBefore ? served : undefined;
}

/**
 * `scripts`, each keeping the connection observables it plays in `made` (in call order), so a
 * test can assert their subscriptions: when each was subscribed and let go.
 */
export function keepConnections(scripts: ((req: ConnectRequest) => Observable<ConnectionEvent>)[]) {
  const made: Observable<ConnectionEvent>[] = [];
  const kept = scripts.map((script) => (req: ConnectRequest) => {
    const connection = script(req);
    made.push(connection);
    return connection;
  });
  return { scripts: kept, made };
}

/** A subscription marble: subscribed at frame `from`, unsubscribed at `until` (still subscribed without it). */
export function subscribed(from: number, until?: number): string {
  const start = from === 0 ? "" : `${from}ms `;
  if (until === undefined) return `${start}^`;
  if (until === from) return `${start}(^!)`;
  return `${start}^ ${until - from - 1}ms !`;
}
