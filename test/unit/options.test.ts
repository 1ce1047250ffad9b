import { describe, expect, it } from "vitest";
import { QQBotConfigError } from "../../src/errors.js";
import { DEFAULT_RECONNECT_POLICY, type ReconnectPolicy } from "../../src/gateway/options.js";
import { resolveBotOptions, type BotOptions } from "../../src/bot-options.js";
import { Intents } from "../../src/protocol/intents.js";
import { MemoryStore } from "../../src/store/memory-store.js";

const SECRET = "super-secret-value-123";
const good: BotOptions = { appId: "102000000", clientSecret: SECRET };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(QQBotConfigError);
    return (err as QQBotConfigError).problems.map((p) => p.field);
  }
  throw new Error("expected a QQBotConfigError");
}

/** The reconnect policy `resolveBotOptions` resolves from `reconnect` (throws as it does). */
const policyOf = (reconnect?: Partial<ReconnectPolicy>) => resolveBotOptions({ ...good, reconnect }).reconnect;
const badPolicy = (p: Record<string, unknown>) => problemsOf(() => policyOf(p as Partial<ReconnectPolicy>));

describe("the reconnect option (resolveBotOptions)", () => {
  it("merges over the defaults", () => {
    const p = policyOf({ maxQuickDisconnects: 10 });
    expect(p).toEqual({ ...DEFAULT_RECONNECT_POLICY, maxQuickDisconnects: 10 });
    expect(policyOf()).toEqual(DEFAULT_RECONNECT_POLICY);
  });

  it("names negative, NaN, infinite and wrong-type numbers", () => {
    expect(badPolicy({ rateLimitCooldownMs: -1 })).toEqual(["reconnect.rateLimitCooldownMs"]);
    expect(badPolicy({ quickDisconnectMs: Number.NaN })).toEqual(["reconnect.quickDisconnectMs"]);
    expect(badPolicy({ handshakeTimeoutMs: Number.POSITIVE_INFINITY })).toEqual(["reconnect.handshakeTimeoutMs"]);
    expect(badPolicy({ helloTimeoutMs: "20s" })).toEqual(["reconnect.helloTimeoutMs"]);
    expect(badPolicy({ readyTimeoutMs: null })).toEqual(["reconnect.readyTimeoutMs"]);
  });

  it("names empty arrays, non-arrays and bad elements by index", () => {
    expect(badPolicy({ gatewayRetryDelaysMs: [] })).toEqual(["reconnect.gatewayRetryDelaysMs"]);
    expect(badPolicy({ reconnectBackoffMs: 1000 })).toEqual(["reconnect.reconnectBackoffMs"]);
    expect(badPolicy({ reconnectBackoffMs: [1000, -5, Number.NaN] })).toEqual(["reconnect.reconnectBackoffMs[1]", "reconnect.reconnectBackoffMs[2]"]);
  });

  it("checks integers, minimums, the jitter range and unknown keys", () => {
    expect(badPolicy({ maxQuickDisconnects: 0 })).toEqual(["reconnect.maxQuickDisconnects"]);
    expect(badPolicy({ maxFailedResumes: 1.5 })).toEqual(["reconnect.maxFailedResumes"]);
    expect(badPolicy({ backoffJitter: 1.5 })).toEqual(["reconnect.backoffJitter"]);
    expect(badPolicy({ maxQuickDisconnect: 3 })).toEqual(["reconnect.maxQuickDisconnect"]);
  });

  it("names several bad fields at once, in the message too", () => {
    let message = "";
    try {
      policyOf({ gatewayRetryDelaysMs: [], rateLimitCooldownMs: -1, backoffJitter: Number.NaN });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("reconnect.gatewayRetryDelaysMs must not be empty");
    expect(message).toContain("reconnect.rateLimitCooldownMs");
    expect(message).toContain("reconnect.backoffJitter");
  });
});

describe("resolveBotOptions", () => {
  it("applies defaults", () => {
    const o = resolveBotOptions(good);
    expect(o.intents).toBe(Intents.PUBLIC_MESSAGES);
    expect(o.apiBase).toBe("https://api.sgroup.qq.com");
    expect(o.shards).toEqual({ ids: [0], count: 1 });
    expect(resolveBotOptions({ ...good, shards: 3 }).shards).toEqual({ ids: [0, 1, 2], count: 3 });
    expect(resolveBotOptions({ ...good, shards: "auto" }).shards).toBe("auto");
    expect(o.reconnect).toEqual(DEFAULT_RECONNECT_POLICY);
    expect(resolveBotOptions({ ...good, sandbox: true }).apiBase).toBe("https://sandbox.api.sgroup.qq.com");
    expect(resolveBotOptions({ ...good, apiBase: "http://127.0.0.1:9/" }).apiBase).toBe("http://127.0.0.1:9");
  });

  it("names every bad field at once", () => {
    const fields = problemsOf(() =>
      resolveBotOptions({
        appId: "", clientSecret: "", intents: -1, sandbox: "yes", apiBase: "ftp://x", tokenUrl: "not a url",
        shards: { ids: [2, 2], count: 2 }, reconnect: { gatewayRetryDelaysMs: [] }, http: { connections: 0, bogus: 1 }, dedupe: { max: 0 },
        logger: { info: () => {} }, store: {},
      } as unknown as BotOptions),
    );
    for (const f of ["appId", "clientSecret", "intents", "sandbox", "apiBase", "tokenUrl", "shards.ids[0]", "shards.ids", "reconnect.gatewayRetryDelaysMs", "http.connections", "http.bogus", "dedupe.max", "logger", "store"]) {
      expect(fields, f).toContain(f);
    }
  });

  it("rejects wrong types for whole sections", () => {
    expect(problemsOf(() => resolveBotOptions({ ...good, reconnect: 5 } as unknown as BotOptions))).toEqual(["reconnect"]);
    expect(problemsOf(() => resolveBotOptions({ ...good, http: [] } as unknown as BotOptions))).toEqual(["http"]);
    expect(problemsOf(() => resolveBotOptions({ ...good, intents: 1 << 31 >>> 0 } as unknown as BotOptions))).toContain("intents");
    expect(problemsOf(() => resolveBotOptions(null as unknown as BotOptions))).toEqual(["options"]);
  });

  it("dedupe.shared without a store is a config error, not a silent no-op", () => {
    expect(problemsOf(() => resolveBotOptions({ ...good, dedupe: { shared: true } }))).toEqual(["dedupe.shared"]);
    expect(resolveBotOptions({ ...good, dedupe: { shared: true }, store: new MemoryStore() }).dedupe.shared).toBe(true);
  });

  it("send.maxTextLength below 2 is refused by createBot, not by the first send's text split", () => {
    expect(problemsOf(() => resolveBotOptions({ ...good, send: { maxTextLength: 1 } }))).toEqual(["send.maxTextLength"]);
    expect(resolveBotOptions({ ...good, send: { maxTextLength: 2 } }).send.maxTextLength).toBe(2);
  });

  it("never echoes the client secret", () => {
    try {
      resolveBotOptions({ appId: "", clientSecret: SECRET, intents: Number.NaN });
      throw new Error("expected a QQBotConfigError");
    } catch (err) {
      expect(err).toBeInstanceOf(QQBotConfigError);
      expect((err as Error).message).not.toContain(SECRET);
    }
  });
});
