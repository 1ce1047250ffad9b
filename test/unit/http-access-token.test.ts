import { VirtualTimeScheduler } from "rxjs";
import { describe, expect, it } from "vitest";
import { QQApiError, QQAuthError, QQBotClosedError, QQNetworkError, TokenRateLimitedError } from "../../src/errors.js";
import {
  createAccessTokenSource, MAX_TOKEN_REFRESH_MS, MIN_TOKEN_REFRESH_MS, refreshAfterMs, TOKEN_BAD_RESPONSE,
} from "../../src/http/access-token.js";
import type { HttpClient, HttpRequest, HttpResponse } from "../../src/http/types.js";
import type { Logger } from "../../src/logger.js";
import { createCounters } from "../../src/stats.js";
import { rejection } from "../helpers/rejection.js";

const SECRET = "client-secret-XYZ123";
const TOKEN_URL = "https://bots.test/app/getAppAccessToken";

type Reply = HttpResponse | Error | Promise<HttpResponse>;
const json = (body: unknown, status = 200): HttpResponse => ({ status, headers: {}, text: JSON.stringify(body), traceId: undefined });
const raw = (text: string, status = 200): HttpResponse => ({ status, headers: {}, text, traceId: undefined });

/** A fake HTTP client answering from a script; the last reply repeats. */
function fakeHttp(script: Reply[]): HttpClient & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    async request(req) {
      requests.push(req);
      const reply = script[Math.min(requests.length - 1, script.length - 1)]!;
      if (reply instanceof Error) throw reply;
      return reply;
    },
    close: async () => undefined,
  };
}

function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (obj: object | string, msg?: string) => void lines.push(JSON.stringify([obj, msg]));
  return { lines, debug: log, info: log, warn: log, error: log };
}

/** Run every virtual action due up to `t` and move the clock to `t`. */
function advanceTo(scheduler: VirtualTimeScheduler, t: number): void {
  scheduler.schedule(() => undefined, t - scheduler.now());
  scheduler.maxFrames = t;
  scheduler.flush();
}

/** Let resolved promises run their continuations. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(script: Reply[], retryDelaysMs?: number[]) {
  const scheduler = new VirtualTimeScheduler();
  const http = fakeHttp(script);
  const counters = createCounters();
  const logger = capturingLogger();
  const source = createAccessTokenSource({ tokenUrl: TOKEN_URL, appId: "1024", clientSecret: SECRET, http: () => http, scheduler, counters, logger, retryDelaysMs });
  return { scheduler, http, counters, logger, source };
}

describe("refreshAfterMs", () => {
  it("is 60 s before expiry but never before half the lifetime", () => {
    expect(refreshAfterMs(7200)).toBe(7_140_000);
    expect(refreshAfterMs(60)).toBe(30_000);
    expect(refreshAfterMs(100)).toBe(50_000);
  });
});

describe("createAccessTokenSource", () => {
  it("posts appId and clientSecret and accepts a numeric expires_in", async () => {
    const { http, source, counters } = setup([json({ access_token: "tok-1", expires_in: 7200 })]);
    await expect(source.token()).resolves.toBe("tok-1");
    expect(http.requests).toEqual([{ method: "POST", url: TOKEN_URL, body: { appId: "1024", clientSecret: SECRET }, signal: expect.any(AbortSignal) }]);
    expect(counters.snapshot().tokenFetches).toBe(1);
    await expect(source.token()).resolves.toBe("tok-1");
    expect(http.requests).toHaveLength(1);
  });

  it("accepts a string expires_in and refreshes in the background 60 s before expiry", async () => {
    const { http, source, scheduler } = setup([json({ access_token: "tok-1", expires_in: "7200" }), json({ access_token: "tok-2", expires_in: "7200" })]);
    const seen: string[] = [];
    source.tokens$.subscribe((t) => seen.push(t));
    await source.token();
    advanceTo(scheduler, 7_139_999);
    await settle();
    expect(http.requests).toHaveLength(1);
    await expect(source.token()).resolves.toBe("tok-1");
    advanceTo(scheduler, 7_140_000);
    await settle();
    expect(http.requests).toHaveLength(2);
    expect(seen).toEqual(["tok-1", "tok-2"]);
    await expect(source.token()).resolves.toBe("tok-2");
    expect(http.requests).toHaveLength(2);
    source.close();
  });

  it("refreshes a 60 s token after 30 s, and close() cancels the refresh", async () => {
    const { http, source, scheduler } = setup([json({ access_token: "short", expires_in: 60 })]);
    await source.token();
    advanceTo(scheduler, 30_000);
    await settle();
    expect(http.requests).toHaveLength(2);
    source.close();
    advanceTo(scheduler, 200_000);
    await settle();
    expect(http.requests).toHaveLength(2);
  });

  it("rejects an unusable expires_in with a typed error", async () => {
    for (const expires_in of ["abc", 0, -5, null, ""]) {
      const { source } = setup([json({ access_token: "tok", expires_in })], []);
      const err = await rejection(source.token());
      expect(err).toBeInstanceOf(QQApiError);
      expect((err as QQApiError).code).toBe(TOKEN_BAD_RESPONSE);
      expect(err.message).toContain("expires_in");
    }
  });

  it("shares one request between concurrent callers", async () => {
    let answer: (r: HttpResponse) => void = () => undefined;
    const pending = new Promise<HttpResponse>((resolve) => (answer = resolve));
    const { http, source } = setup([pending]);
    const all = Promise.all(Array.from({ length: 10 }, () => source.token()));
    answer(json({ access_token: "shared", expires_in: "7200" }));
    expect(await all).toEqual(Array(10).fill("shared"));
    expect(http.requests).toHaveLength(1);
  });

  it("retries network errors, 5xx, empty and non-JSON bodies on the backoff delays, then succeeds", async () => {
    const { http, source, scheduler } = setup([
      new QQNetworkError("POST /app/getAppAccessToken failed: connection reset (ECONNRESET)"),
      raw("", 502),
      raw("<html>"),
      json({ access_token: "finally", expires_in: "7200" }),
    ], [1000, 2000, 5000]);
    const result = source.token();
    await settle();
    expect(http.requests).toHaveLength(1);
    for (const [at, count] of [[999, 1], [1000, 2], [2999, 2], [3000, 3], [8000, 4]] as const) {
      advanceTo(scheduler, at);
      await settle();
      expect(http.requests).toHaveLength(count);
    }
    await expect(result).resolves.toBe("finally");
  });

  it("rejects with the last error once the retries are used up", async () => {
    const { http, source, scheduler } = setup([raw("", 503)], [10, 10]);
    const result = rejection(source.token());
    for (let t = 10; t <= 30; t += 10) {
      await settle();
      advanceTo(scheduler, t);
    }
    const err = await result;
    expect(err).toBeInstanceOf(QQApiError);
    expect(err.message).toBe("POST /app/getAppAccessToken failed: HTTP 503 with an empty body");
    expect(http.requests).toHaveLength(3);
  });

  it("does not retry refused credentials and never shows the secret", async () => {
    const { http, source, logger } = setup([json({ code: 100016, message: `invalid appid or secret ${SECRET}` })]);
    const err = await rejection(source.token());
    expect(err).toBeInstanceOf(QQAuthError);
    expect(err.message).toContain("QQ_APP_ID / QQ_CLIENT_SECRET");
    expect(err.message).toContain("platform code 100016");
    expect(err.message).not.toContain(SECRET);
    expect((err as QQAuthError).body).not.toContain(SECRET);
    expect(http.requests).toHaveLength(1);
    expect(logger.lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      [{ err: expect.stringMatching(/^QQAuthError: access token refused: .*platform code 100016/) }, "access token fetch failed"],
    ]);
    expect(logger.lines.join("\n")).not.toContain(SECRET);
  });

  it("never logs the token or the secret, and refetches after invalidate() or forceRefresh", async () => {
    const { http, source, logger } = setup([
      json({ access_token: "tok-AAAA-1111", expires_in: 7200 }),
      raw(`server echo ${SECRET} tok-AAAA-1111`, 500),
      json({ access_token: "tok-BBBB-2222", expires_in: 7200 }),
      json({ access_token: "tok-CCCC-3333", expires_in: 7200 }),
    ], []);
    await source.token();
    source.invalidate();
    const err = await rejection(source.token());
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain("tok-AAAA-1111");
    await expect(source.token()).resolves.toBe("tok-BBBB-2222");
    await expect(source.token({ forceRefresh: true })).resolves.toBe("tok-CCCC-3333");
    expect(http.requests).toHaveLength(4);
    const logged = logger.lines.join("\n");
    expect(logged).toContain("access token fetched");
    for (const secret of [SECRET, "tok-AAAA-1111", "tok-BBBB-2222", "tok-CCCC-3333"]) expect(logged).not.toContain(secret);
  });
});

describe("createAccessTokenSource: the platform's failure modes", () => {
  function hardened(script: Reply[], cooldownMs = 60_000) {
    const scheduler = new VirtualTimeScheduler();
    const http = fakeHttp(script);
    const counters = createCounters();
    const logger = capturingLogger();
    const source = createAccessTokenSource({
      tokenUrl: TOKEN_URL, appId: "1024", clientSecret: SECRET, http: () => http, scheduler, counters, logger,
      rateLimitCooldownMs: cooldownMs,
    });
    return { scheduler, http, counters, logger, source };
  }

  for (const [what, reply] of [
    ["HTTP 200, code 100001", json({ code: 100001, message: "Too many requests" })],
    ["HTTP 429 with a JSON body", json({ code: 100001, message: "Too many requests" }, 429)],
    ["HTTP 400, 接口调用超过频率限制", json({ code: 100001, message: "接口调用超过频率限制" }, 400)],
  ] as const) {
    it(`${what} is a rate limit (TokenRateLimitedError, counted), not refused credentials; no request during the cooldown`, async () => {
      const { http, source, scheduler, counters } = hardened([reply, json({ access_token: "tok-after", expires_in: 7200 })], 60_000);
      const err = await rejection(source.token());
      expect(err).toBeInstanceOf(TokenRateLimitedError);
      expect(err).not.toBeInstanceOf(QQAuthError);
      expect(err).toMatchObject({ code: "TOKEN_RATE_LIMITED", retryAfterMs: 60_000, platformCode: 100001 });
      expect(err.message).toContain("token endpoint is rate limited");
      expect(http.requests).toHaveLength(1);
      expect(counters.snapshot().rateLimited).toBe(1);
      advanceTo(scheduler, 59_000);
      const during = await rejection(source.token());
      expect(during).toMatchObject({ code: "TOKEN_RATE_LIMITED", retryAfterMs: 1000 });
      expect(http.requests).toHaveLength(1);
      advanceTo(scheduler, 60_000);
      await expect(source.token()).resolves.toBe("tok-after");
      expect(http.requests).toHaveLength(2);
      source.close();
    });
  }

  it("a refresh that is rate limited keeps handing out the token that has not expired yet", async () => {
    const { http, source, scheduler } = hardened([
      json({ access_token: "tok-1", expires_in: 120 }),
      json({ code: 100001, message: "Too many requests" }),
      json({ access_token: "tok-2", expires_in: 120 }),
    ], 30_000);
    await source.token();
    advanceTo(scheduler, 60_000); // the background refresh (60 s before expiry) is rate limited
    await settle();
    expect(http.requests).toHaveLength(2);
    await expect(source.token()).resolves.toBe("tok-1");
    expect(http.requests).toHaveLength(2);
    advanceTo(scheduler, 90_000);
    await expect(source.token()).resolves.toBe("tok-2");
    source.close();
  });

  it("expires_in of 30 days: one request, the refresh is kept below the timer limit, warned once", async () => {
    const { http, source, scheduler, logger } = hardened([json({ access_token: "long", expires_in: "2592000" })]);
    await source.token();
    advanceTo(scheduler, MAX_TOKEN_REFRESH_MS - 1);
    await settle();
    expect(http.requests).toHaveLength(1);
    advanceTo(scheduler, MAX_TOKEN_REFRESH_MS);
    await settle();
    expect(http.requests).toHaveLength(2);
    expect(MAX_TOKEN_REFRESH_MS).toBeLessThan(2 ** 31);
    expect(logger.lines.filter((l) => l.includes("expires_in 2592000"))).toHaveLength(1);
    source.close();
  });

  it("a tiny expires_in (0.001 s, 1 s) refreshes after the floor, not in a loop, warned once", async () => {
    for (const expires_in of [0.001, "1"]) {
      const { http, source, scheduler, logger } = hardened([json({ access_token: "tiny", expires_in })]);
      await source.token();
      advanceTo(scheduler, MIN_TOKEN_REFRESH_MS - 1);
      await settle();
      expect(http.requests).toHaveLength(1);
      advanceTo(scheduler, MIN_TOKEN_REFRESH_MS);
      await settle();
      expect(http.requests).toHaveLength(2);
      expect(logger.lines.filter((l) => l.includes("refreshing after"))).toHaveLength(1);
      source.close();
    }
  });

  it("close() during the retries cancels the retry timers and rejects the pending token() at once", async () => {
    const { http, source, scheduler } = hardened([raw("", 503)]);
    const pending = rejection(source.token());
    await settle();
    expect(http.requests).toHaveLength(1);
    source.close();
    const err = await pending;
    expect(err).toBeInstanceOf(QQBotClosedError);
    expect(err).toMatchObject({ code: "BOT_CLOSED" });
    expect(scheduler.actions).toHaveLength(0);
    advanceTo(scheduler, 60_000);
    await settle();
    expect(http.requests).toHaveLength(1);
    await expect(rejection(source.token())).resolves.toBeInstanceOf(QQBotClosedError);
  });

  it("close() aborts the request in flight", async () => {
    const seen: HttpRequest[] = [];
    const http: HttpClient = {
      request: (req) => {
        seen.push(req);
        return new Promise<HttpResponse>(() => undefined);
      },
      close: async () => undefined,
    };
    const source = createAccessTokenSource({ tokenUrl: TOKEN_URL, appId: "1024", clientSecret: SECRET, http: () => http, scheduler: new VirtualTimeScheduler() });
    const pending = rejection(source.token());
    expect(seen[0]?.signal?.aborted).toBe(false);
    source.close();
    expect(seen[0]?.signal?.aborted).toBe(true);
    await expect(pending).resolves.toBeInstanceOf(QQBotClosedError);
  });
});
