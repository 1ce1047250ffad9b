import { describe, expect, it } from "vitest";
import {
  GatewayFatalError, GatewayRateLimitedError, GatewayResponseError, ProtocolError, QQApiError, QQAuthError, QQBotConfigError,
  QQBotError, QQNetworkError, QQSendError, redact, safeMessage,
} from "../../src/errors.js";

const SECRET = "s3cr3t-client-secret-value";
const TOKEN = "ACCESS.TOKEN.abcdef123456";

describe("safeMessage", () => {
  it("is never empty, whatever was thrown", () => {
    const cases: unknown[] = [new Error(""), new Error("   "), "", "  ", undefined, null, 0, {}, [], Symbol("x"), new TypeError(""), Object.create(null)];
    for (const thrown of cases) {
      const msg = safeMessage(thrown);
      expect(msg.trim().length, String(typeof thrown)).toBeGreaterThan(0);
    }
  });

  it("makes an empty error meaningful: class name, code and contents", () => {
    const empty = Object.assign(new Error(""), { code: "ECONNRESET" });
    const msg = safeMessage(empty);
    expect(msg).toMatch(/^Error with no message \(code ECONNRESET\)/);
    expect(safeMessage(new TypeError(""))).toMatch(/^TypeError/);
    expect(safeMessage(null)).toMatch(/null/);
    expect(safeMessage("")).toMatch(/empty string/);
  });

  it("keeps a real message", () => {
    expect(safeMessage(new QQNetworkError("connect ECONNREFUSED 127.0.0.1:1"))).toBe("QQNetworkError: connect ECONNREFUSED 127.0.0.1:1");
  });

  it("redacts secrets and QQBot credentials", () => {
    const msg = safeMessage(new Error(`auth failed for ${SECRET} with header Authorization: QQBot ${TOKEN}`), [SECRET]);
    expect(msg).not.toContain(SECRET);
    expect(msg).not.toContain(TOKEN);
    expect(msg).toContain("[redacted]");
    expect(safeMessage({ clientSecret: SECRET }, [SECRET])).not.toContain(SECRET);
  });

  it("bounds the length", () => {
    expect(safeMessage(new Error("x".repeat(10_000))).length).toBeLessThanOrEqual(2000);
  });
});

describe("redact", () => {
  it("replaces every occurrence of each secret, ignores tiny or missing ones", () => {
    expect(redact(`${SECRET}/${SECRET}`, [SECRET, undefined, "ab"])).toBe("[redacted]/[redacted]");
    expect(redact("QQBot [redacted]")).toBe("QQBot [redacted]");
    expect(redact("abc", ["ab"])).toBe("abc");
  });
});

describe("error classes", () => {
  it("carry stable codes and are QQBotErrors", () => {
    const all: [QQBotError, string][] = [
      [new QQBotConfigError([{ field: "appId", problem: "must be a non-empty string" }]), "QQBOT_CONFIG_INVALID"],
      [new QQApiError("bad", { status: 400 }), "QQBOT_API_ERROR"],
      [new QQAuthError("refused", { status: 401 }), "QQBOT_AUTH_FAILED"],
      [new QQNetworkError("reset"), "QQBOT_NETWORK_ERROR"],
      [new GatewayRateLimitedError("limited", 60_000), "GATEWAY_RATE_LIMITED"],
      [new GatewayResponseError("empty body", 200), "GATEWAY_BAD_RESPONSE"],
      [new GatewayFatalError("storm", "QUICK_DISCONNECT_STORM"), "QUICK_DISCONNECT_STORM"],
      [new ProtocolError("bad frame", "{"), "QQBOT_PROTOCOL_ERROR"],
      [new QQSendError("dup", "MSG_SEQ_DUPLICATE", { status: 400 }), "MSG_SEQ_DUPLICATE"],
    ];
    for (const [err, code] of all) {
      expect(err).toBeInstanceOf(QQBotError);
      expect(err).toBeInstanceOf(Error);
      expect(err.code).toBe(code);
      expect(err.name).toBe(err.constructor.name);
      expect(err.message.length).toBeGreaterThan(0);
    }
  });

  it("never has an empty message: the code stands in", () => {
    expect(new QQBotError("", "SOME_CODE").message).toBe("SOME_CODE");
  });

  it("keep their causes and fields", () => {
    const root = new Error("socket hang up");
    const net = new QQNetworkError("request failed", { cause: root });
    expect(net.cause).toBe(root);
    const api = new QQApiError("limited", { status: 429, platformCode: 100001, traceId: "t1", body: "{}", method: "GET", path: "/gateway", cause: root });
    expect([api.status, api.platformCode, api.traceId, api.body, api.method, api.path, api.cause]).toEqual([429, 100001, "t1", "{}", "GET", "/gateway", root]);
    const auth = new QQAuthError("refused", { status: 401 });
    expect(auth).toBeInstanceOf(QQApiError);
    const fatal = new GatewayFatalError("closed", "CLOSE_CODE_FATAL", { closeCode: 4914, shard: 1, cause: auth });
    expect([fatal.closeCode, fatal.shard, fatal.disconnects, fatal.cause]).toEqual([4914, 1, 0, auth]);
    expect(new GatewayRateLimitedError("limited", 1234, { cause: api }).retryAfterMs).toBe(1234);
    expect(new GatewayResponseError("bad", 502).status).toBe(502);
    expect(new ProtocolError("bad", "x".repeat(500)).frame).toHaveLength(200);
    const send = new QQSendError("expired", "REPLY_EXPIRED", { status: 400, replyTo: "m1", msgSeq: 3 });
    expect([send.replyTo, send.msgSeq, send.attempts]).toEqual(["m1", 3, 1]);
  });

  it("QQBotConfigError lists every problem in its message", () => {
    const err = new QQBotConfigError([{ field: "appId", problem: "is empty" }, { field: "intents", problem: "is negative" }]);
    expect(err.message).toContain("appId is empty");
    expect(err.message).toContain("intents is negative");
    expect(err.problems).toHaveLength(2);
  });
});
