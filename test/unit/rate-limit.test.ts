import { describe, expect, it } from "vitest";
import { isRateLimit } from "../../src/http/rate-limit.js";
import { GatewayRateLimitedError, GatewayResponseError, QQApiError, QQNetworkError } from "../../src/errors.js";

describe("isRateLimit (PROTOCOL.md A2)", () => {
  it("recognises HTTP 429 whatever the body", () => {
    expect(isRateLimit(new QQApiError("slow down", { status: 429 }))).toBe(true);
    expect(isRateLimit({ status: 429, text: "" })).toBe(true);
  });

  it("recognises 频率限制 / Too many requests in the message or the body, at any status", () => {
    expect(isRateLimit(new QQApiError("接口调用超过频率限制", { status: 400 }))).toBe(true);
    expect(isRateLimit(new QQApiError("bad request", { status: 400, body: '{"message":"接口调用超过频率限制"}' }))).toBe(true);
    expect(isRateLimit(new QQApiError("Too many requests", { status: 200 }))).toBe(true);
    expect(isRateLimit(new Error("upstream said: too many requests"))).toBe(true);
    expect(isRateLimit({ status: 400, text: '{"code":11,"message":"接口调用超过频率限制"}' })).toBe(true);
  });

  it("recognises platform code 20028 (the channel write limit)", () => {
    expect(isRateLimit(new QQApiError("ChannelHitWriteRateLimit", { status: 400, platformCode: 20028 }))).toBe(true);
    expect(isRateLimit({ status: 400, text: '{"code":20028}' })).toBe(true);
  });

  it("recognises platform codes 100001 and 22009", () => {
    expect(isRateLimit(new QQApiError("limited", { status: 400, platformCode: 100001 }))).toBe(true);
    expect(isRateLimit(new QQApiError("msg limit exceed", { status: 400, platformCode: 22009 }))).toBe(true);
    expect(isRateLimit({ code: 22009, message: "msg limit exceed" })).toBe(true);
    expect(isRateLimit({ status: 400, text: '{"err_code": 100001}' })).toBe(true);
  });

  it("recognises GatewayRateLimitedError", () => {
    expect(isRateLimit(new GatewayRateLimitedError("limited", 60_000))).toBe(true);
  });

  it("does not flag other errors", () => {
    expect(isRateLimit(new QQApiError("bad request", { status: 400, platformCode: 40034024 }))).toBe(false);
    expect(isRateLimit(new QQApiError("internal", { status: 500, body: '{"code":1000011}' }))).toBe(false);
    expect(isRateLimit(new QQNetworkError("ECONNRESET"))).toBe(false);
    expect(isRateLimit(new GatewayResponseError("empty body", 200))).toBe(false);
    expect(isRateLimit({ status: 400, text: '{"code":1000010}' })).toBe(false);
    expect(isRateLimit(undefined)).toBe(false);
    expect(isRateLimit(null)).toBe(false);
    expect(isRateLimit(42)).toBe(false);
  });
});
