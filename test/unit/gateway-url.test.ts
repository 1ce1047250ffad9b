import { describe, expect, it } from "vitest";
import { concat, defer, firstValueFrom, of, throwError, type Observable } from "rxjs";
import { marbles } from "rxjs-marbles";
import type { TestScheduler } from "rxjs/testing";
import { createGatewayUrlSource, type GatewayUrlConfig } from "../../src/gateway/gateway-url.js";
import {
  GatewayRateLimitedError, GatewayResponseError, QQApiError, QQAuthError, QQNetworkError,
} from "../../src/errors.js";
import { createCounters } from "../../src/stats.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { servedFromCache, URL_A, URL_B } from "./reconnect-fakes.js";
import { asyncScheduler } from "rxjs";

const policy = { gatewayRetryDelaysMs: [500, 1500, 3000], rateLimitCooldownMs: 60_000 };
const rateLimited = () => new QQApiError("接口调用超过频率限制", { status: 400, platformCode: 100001 });

function source(scheduler: TestScheduler, fetch: Observable<string>, extra: Partial<GatewayUrlConfig> = {}) {
  const counters = createCounters();
  const fetchAt: number[] = [];
  const urls = createGatewayUrlSource({
    fetchGatewayUrl: () => {
      fetchAt.push(scheduler.now());
      return fetch;
    },
    policy, scheduler, counters, ...extra,
  });
  return { urls, counters, fetchAt };
}

/** Subscribe to `obs` at virtual time `t`; collect what it does. */
function at<T>(scheduler: TestScheduler, t: number, obs: Observable<T>) {
  const out: { values: T[]; error: unknown; doneAt: number | undefined } = { values: [], error: undefined, doneAt: undefined };
  scheduler.schedule(() => {
    obs.subscribe({
      next: (v) => out.values.push(v),
      error: (e: unknown) => {
        out.error = e;
        out.doneAt = scheduler.now();
      },
      complete: () => (out.doneAt = scheduler.now()),
    });
  }, t);
  return out;
}

describe("gateway URL source: cache first", () => {
  it("fetches once, then serves the cache with zero fetches", marbles((m) => {
    const fetch = m.cold("--(a|)", { a: URL_A });
    const { urls, counters } = source(m.scheduler, fetch);
    m.expect(concat(urls.url$, urls.url$, urls.url$)).toBeObservable("--(aaa|)", { a: URL_A });
    m.expect(fetch).toHaveSubscriptions(["^-!"]);
    m.flush();
    expect(counters.snapshot()).toMatchObject({ gatewayFetches: 1, gatewayCacheHits: 2 });
  }));

  it("a rate-limited /gateway is never called while a URL is cached", marbles((m) => {
    const fetch = m.cold<string>("#", undefined, rateLimited());
    const { urls, counters } = source(m.scheduler, fetch);
    urls.remember(URL_A);
    m.expect(concat(urls.url$, urls.url$)).toBeObservable("(aa|)", { a: URL_A });
    m.expect(fetch).toHaveSubscriptions([]);
    m.flush();
    expect(counters.snapshot()).toMatchObject({ gatewayFetches: 0, gatewayCacheHits: 2, rateLimited: 0 });
  }));

  it("shares one fetch between concurrent subscribers", marbles((m) => {
    const fetch = m.cold("---(a|)", { a: URL_A });
    const { urls } = source(m.scheduler, fetch);
    m.expect(urls.url$).toBeObservable("---(a|)", { a: URL_A });
    m.expect(urls.url$, "-^").toBeObservable("---(a|)", { a: URL_A });
    m.expect(fetch).toHaveSubscriptions(["^--!"]);
  }));
});

describe("gateway URL source: rate limits (PROTOCOL.md A2)", () => {
  it("with a last good URL: uses it at once, one fetch, no retry burst, /gateway off-limits for the cooldown", marbles((m) => {
    const fetch = m.cold<string>("-#", undefined, rateLimited());
    const { urls, counters } = source(m.scheduler, fetch);
    urls.remember(URL_A);
    urls.invalidate(URL_A); // the loop could not open a socket to it: url$ must ask /gateway (one fetch, below)
    m.expect(urls.url$).toBeObservable("-(a|)", { a: URL_A });
    m.expect(fetch).toHaveSubscriptions(["^!"]);
    const during = at(m.scheduler, 30_000, urls.url$);
    m.flush();
    expect(counters.snapshot()).toMatchObject({ gatewayFetches: 1, rateLimited: 1 });
    expect(during.error).toBeInstanceOf(GatewayRateLimitedError);
    expect((during.error as GatewayRateLimitedError).retryAfterMs).toBe(60_001 - 30_000);
  }));

  it("without any URL: a clear GatewayRateLimitedError, no fetch during the cooldown, one fetch at t = cooldown", marbles((m) => {
    let calls = 0;
    const limited = m.cold<string>("#", undefined, rateLimited());
    const answered = m.cold("(b|)", { b: URL_B });
    const fetch = defer(() => (++calls === 1 ? limited : answered));
    const { urls, counters, fetchAt } = source(m.scheduler, fetch);
    const first = at(m.scheduler, 0, urls.url$);
    const early = at(m.scheduler, 59_999, urls.url$);
    const later = at(m.scheduler, 60_000, urls.url$);
    m.flush();
    const err = first.error as GatewayRateLimitedError;
    expect(err).toBeInstanceOf(GatewayRateLimitedError);
    expect(err.code).toBe("GATEWAY_RATE_LIMITED");
    expect(err.retryAfterMs).toBe(60_000);
    expect(err.message).toMatch(/rate limited and no gateway URL is cached.*60000 ms/);
    expect(err.cause).toBeInstanceOf(QQApiError);
    expect((early.error as GatewayRateLimitedError).retryAfterMs).toBe(1);
    expect(later.values).toEqual([URL_B]);
    expect(fetchAt).toEqual([0, 60_000]);
    expect(counters.snapshot().rateLimited).toBe(1);
    m.expect(limited).toHaveSubscriptions(["(^!)"]);
    m.expect(answered).toHaveSubscriptions(["60000ms (^!)"]);
  }));

  it("a 5xx that says 'Too many requests' is a rate limit: never retried", marbles((m) => {
    const fetch = m.cold<string>("#", undefined, new QQApiError("Too many requests", { status: 503 }));
    const { urls, counters } = source(m.scheduler, fetch);
    m.expect(urls.url$).toBeObservable("#", undefined, new GatewayRateLimitedError(
      "GET /gateway is rate limited and no gateway URL is cached; it will be called again in 60000 ms (QQApiError: Too many requests)", 60_000,
    ));
    m.expect(fetch).toHaveSubscriptions(["(^!)"]);
    m.flush();
    expect(counters.snapshot().rateLimited).toBe(1);
  }));

  it("honours a longer retryAfterMs carried by a GatewayRateLimitedError from the HTTP layer", marbles((m) => {
    const fetch = throwError(() => new GatewayRateLimitedError("limited", 90_000));
    const { urls } = source(m.scheduler, fetch);
    const first = at(m.scheduler, 0, urls.url$);
    m.flush();
    expect((first.error as GatewayRateLimitedError).retryAfterMs).toBe(90_000);
  }));
});

describe("gateway URL source: retries and bad bodies", () => {
  it("retries 5xx after 0.5 s, 1.5 s, 3 s, then falls back to the last good URL at exactly 5 s", marbles((m) => {
    const fetch = m.cold<string>("#", undefined, new QQApiError("bad gateway", { status: 502 }));
    const { urls, counters } = source(m.scheduler, fetch);
    urls.remember(URL_A);
    urls.invalidate(URL_A);
    m.expect(urls.url$).toBeObservable("5000ms (a|)", { a: URL_A });
    m.expect(fetch).toHaveSubscriptions(["(^!)", "500ms (^!)", "2000ms (^!)", "5000ms (^!)"]);
    m.flush();
    expect(counters.snapshot().gatewayFetches).toBe(4);
  }));

  it("without a last good URL, exhausted retries rethrow the last network error", marbles((m) => {
    const netErr = new QQNetworkError("connect ECONNREFUSED");
    const fetch = m.cold<string>("#", undefined, netErr);
    const { urls } = source(m.scheduler, fetch);
    m.expect(urls.url$).toBeObservable("5000ms #", undefined, netErr);
    m.expect(fetch).toHaveSubscriptions(["(^!)", "500ms (^!)", "2000ms (^!)", "5000ms (^!)"]);
  }));

  it("a success on a retry is cached, and is the last good URL a later failing fetch falls back to", marbles((m) => {
    let calls = 0;
    const reset = m.cold<string>("#", undefined, new QQNetworkError("reset"));
    const answered = m.cold("(b|)", { b: URL_B });
    const fetch = defer(() => (++calls < 3 || calls > 3 ? reset : answered));
    const { urls, fetchAt } = source(m.scheduler, fetch);
    m.expect(urls.url$).toBeObservable("2000ms (b|)", { b: URL_B });
    m.expect(reset).toHaveSubscriptions(["(^!)", "500ms (^!)"]);
    m.expect(answered).toHaveSubscriptions(["2000ms (^!)"]);
    m.flush();
    expect(fetchAt).toEqual([0, 500, 2000]);
    expect(servedFromCache(urls, fetchAt)).toBe(URL_B);
    urls.invalidate(URL_B);
    const later = at(m.scheduler, 10_000, urls.url$);
    m.flush();
    expect(later.values).toEqual([URL_B]);
    expect(fetchAt).toEqual([0, 500, 2000, 12_000, 12_500, 14_000, 17_000]);
  }));

  it("an empty body falls back to the last good URL at once (no retry)", marbles((m) => {
    const fetch = m.cold<string>("#", undefined, new GatewayResponseError("GET /gateway returned an empty body", 200));
    const { urls } = source(m.scheduler, fetch);
    urls.remember(URL_A);
    urls.invalidate(URL_A);
    m.expect(urls.url$).toBeObservable("(a|)", { a: URL_A });
    m.expect(fetch).toHaveSubscriptions(["(^!)"]);
  }));

  it("an empty body without a last good URL is rethrown as GatewayResponseError", marbles((m) => {
    const bad = new GatewayResponseError("GET /gateway returned an empty body", 200);
    const fetch = m.cold<string>("#", undefined, bad);
    const { urls } = source(m.scheduler, fetch);
    m.expect(urls.url$).toBeObservable("#", undefined, bad);
    m.expect(fetch).toHaveSubscriptions(["(^!)"]); // not retried
  }));

  it("a body without a ws url, or no value at all, is a GatewayResponseError", marbles((m) => {
    const httpsUrl = m.cold("(u|)", { u: "https://not-a-socket" });
    const empty = m.cold<string>("|");
    const notWs = source(m.scheduler, httpsUrl);
    const none = source(m.scheduler, empty);
    m.expect(notWs.urls.url$).toBeObservable("#", undefined, new GatewayResponseError('GET /gateway returned no wss:// or ws:// url (got "https://not-a-socket")'));
    m.expect(none.urls.url$).toBeObservable("#", undefined, new GatewayResponseError("GET /gateway completed without a gateway URL"));
    // Neither is retried.
    m.expect(httpsUrl).toHaveSubscriptions(["(^!)"]);
    m.expect(empty).toHaveSubscriptions(["(^!)"]);
  }));

  it("4xx and refused credentials are neither retried nor replaced by the last good URL", marbles((m) => {
    const auth = new QQAuthError("invalid appid or secret", { status: 401 });
    const fetch = m.cold<string>("#", undefined, auth);
    const { urls } = source(m.scheduler, fetch);
    urls.remember(URL_A);
    urls.invalidate(URL_A);
    m.expect(urls.url$).toBeObservable("#", undefined, auth);
    m.expect(fetch).toHaveSubscriptions(["(^!)"]);
  }));

  it("invalidate drops only the cached URL", marbles((m) => {
    const { urls, fetchAt } = source(m.scheduler, m.cold("(b|)", { b: URL_B }));
    urls.remember(URL_A);
    urls.invalidate(URL_B);
    expect(servedFromCache(urls, fetchAt)).toBe(URL_A);
    urls.invalidate(URL_A);
    m.expect(urls.url$).toBeObservable("(b|)", { b: URL_B });
    m.flush();
    expect(fetchAt).toEqual([0]);
  }));
});

describe("gateway URL source: store", () => {
  it("seeds the cache from the store: a restart costs zero fetches", async () => {
    const store = new MemoryStore();
    const key = "qqbot-rx:1:gateway-url";
    await store.set(key, URL_A);
    const counters = createCounters();
    let fetches = 0;
    const urls = createGatewayUrlSource({
      fetchGatewayUrl: () => { fetches++; return of(URL_B); },
      store: { load: () => store.get(key), save: (url) => store.set(key, url), remove: () => store.delete(key) },
      policy, scheduler: asyncScheduler, counters,
    });
    expect(await firstValueFrom(urls.url$)).toBe(URL_A);
    expect(fetches).toBe(0);
    expect(counters.snapshot().gatewayCacheHits).toBe(1);
    urls.invalidate(URL_A);
    await new Promise<void>((r) => setImmediate(r));
    expect(await store.get(key)).toBeUndefined();
    expect(await firstValueFrom(urls.url$)).toBe(URL_B);
    await new Promise<void>((r) => setImmediate(r));
    expect(await store.get(key)).toBe(URL_B);
  });

  it("store errors are logged, counted and ignored", async () => {
    const counters = createCounters();
    const warnings: string[] = [];
    const broken = { load: () => Promise.reject(new Error("disk gone")), save: () => Promise.reject(new Error("")), remove: () => Promise.resolve() };
    const noop = () => {};
    const urls = createGatewayUrlSource({
      fetchGatewayUrl: () => of(URL_B), store: broken, policy, scheduler: asyncScheduler, counters,
      logger: { debug: noop, info: noop, error: noop, warn: (_o, msg) => void warnings.push(String(msg)) },
    });
    expect(await firstValueFrom(urls.url$)).toBe(URL_B);
    await new Promise<void>((r) => setImmediate(r));
    expect(counters.snapshot().storeErrors).toBe(2);
    expect(warnings.join("\n")).toMatch(/load failed[\s\S]*save failed/);
  });
});
