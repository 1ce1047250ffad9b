import { describe, expect, it } from "vitest";
import { QQApiError, QQSendError, safeMessage } from "../../src/errors.js";
import { auditIdOfError, isSendRateLimited, toSendError } from "../../src/messages/send-errors.js";
import { createSender } from "../../src/messages/sender.js";
import { apiError, fakeRest } from "./messages-fake-rest.js";

const ctx = { target: "group G1", replyTo: "MSG1", msgSeq: 3, attempts: 1 };

describe("toSendError: every mapped code", () => {
  const cases: [number, string, string, RegExp][] = [
    [40054005, "消息被去重，请检查请求msgseq", "MSG_SEQ_DUPLICATE", /msg_seq 3 was already used for msg_id MSG1/],
    [40034024, "请求参数msg_id无效或越权", "REPLY_EXPIRED", /reply window for msg_id MSG1 passed \(C2C 60 min, group 5 min\) or 5 replies were already sent/],
    [304027, "MSG_EXPIRE", "REPLY_EXPIRED", /reply window for msg_id MSG1 passed/],
    [304026, "bad reply msg id", "REPLY_EXPIRED", /reply window/],
    [40034102, "主动消息失败, 无权限", "PROACTIVE_REFUSED", /no longer allows proactive messages since 2025-04-21; reply to a message or event instead/],
    [304045, "quota", "PROACTIVE_REFUSED", /proactive message quota for group G1 is used up/],
    [22009, "msg limit exceed", "SEND_RATE_LIMITED", /sending to group G1 is rate limited; gave up after 1 attempt/],
    [20028, "子频道消息触发限频", "SEND_RATE_LIMITED", /rate limited/],
    [50006, "message is empty", "EMPTY_MESSAGE", /refused an empty message/],
    [304082, "upload media info fail", "MEDIA_UPLOAD_FAILED", /uploading media for group G1 failed/],
    [304083, "convert media info fail", "MEDIA_UPLOAD_FAILED", /uploading media/],
  ];
  it.each(cases)("platform code %i (%s) → %s", (code, said, expected, explains) => {
    const err = toSendError(apiError(400, code, said), ctx);
    expect(err).toBeInstanceOf(QQSendError);
    expect(err).toBeInstanceOf(QQApiError);
    const e = err as QQSendError;
    expect(e.code).toBe(expected);
    expect(e.name).toBe("QQSendError");
    expect(e.platformCode).toBe(code);
    expect(e.status).toBe(400);
    expect(e.traceId).toBe("trace-1");
    expect(e.replyTo).toBe("MSG1");
    expect(e.msgSeq).toBe(3);
    expect(e.message).toMatch(explains);
    expect(e.message).toContain(`code ${code}`);
    expect(e.message).toContain(said);
    expect(e.message).toContain("trace trace-1");
    expect(e.cause).toBeInstanceOf(QQApiError);
  });

  it("HTTP 429 without a platform code is SEND_RATE_LIMITED", () => {
    expect(toSendError(apiError(429, undefined, "Too Many Requests"), { ...ctx, attempts: 4 })).toMatchObject({
      code: "SEND_RATE_LIMITED", message: expect.stringMatching(/gave up after 4 attempt/),
    });
  });

  it("unmapped errors pass through unchanged", () => {
    const notFound = apiError(404, 404, "API not found");
    expect(toSendError(notFound, ctx)).toBe(notFound);
    const plain = new Error("socket hang up");
    expect(toSendError(plain, ctx)).toBe(plain);
  });

  it("messages are never empty and never carry a token from the body", () => {
    const err = toSendError(apiError(400, 40054005, "bad header Authorization: QQBot abcdefghijklmnop"), ctx) as QQSendError;
    expect(err.message).not.toContain("abcdefghijklmnop");
    expect(err.message).toContain("[redacted]");
    const silent = toSendError(new QQApiError("", { status: 400, platformCode: 50006 }), ctx) as QQSendError;
    expect(silent.message.trim()).not.toBe("");
    expect(safeMessage(silent)).toMatch(/^QQSendError: /);
  });

  it("rate-limit detection", () => {
    expect(isSendRateLimited(apiError(429, undefined, "x"))).toBe(true);
    expect(isSendRateLimited(apiError(400, 22009, "x"))).toBe(true);
    expect(isSendRateLimited(apiError(400, 20028, "x"))).toBe(true);
    expect(isSendRateLimited(apiError(400, 40054005, "x"))).toBe(false);
    expect(isSendRateLimited(new Error("429"))).toBe(false);
  });

  it("audit codes are recognised, with or without an audit id", () => {
    expect(auditIdOfError(apiError(400, 304024, "audit", { data: { message_audit: { audit_id: "A9" } } }))).toBe("A9");
    expect(auditIdOfError(new QQApiError("x", { status: 400, platformCode: 304023, body: '{"data":{"message_audit":{"audit_id":"A7"' }))).toBe("A7");
    expect(auditIdOfError(apiError(400, 304023, "audit"))).toBe("");
    expect(auditIdOfError(apiError(400, 40054005, "dup"))).toBeUndefined();
  });
});

describe("sender raises the typed errors", () => {
  it("a repeated msg_id + msg_seq (a second process replying to the same message) is MSG_SEQ_DUPLICATE", async () => {
    const rest = fakeRest();
    await createSender({ rest }).send({ kind: "c2c", openid: "U" }, "first", { messageId: "M" });
    const err = await createSender({ rest }).send({ kind: "c2c", openid: "U" }, "again", { messageId: "M" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "MSG_SEQ_DUPLICATE", msgSeq: 1, replyTo: "M", attempts: 1 });
  });

  it.each([
    [40034024, "REPLY_EXPIRED"],
    [40034102, "PROACTIVE_REFUSED"],
  ])("platform code %i on send → %s, counted in sendErrors", async (code, expected) => {
    const { createCounters } = await import("../../src/stats.js");
    const counters = createCounters();
    const rest = fakeRest(() => {
      throw apiError(400, code, "refused");
    });
    await expect(createSender({ rest, counters }).send({ kind: "group", groupOpenid: "G" }, "x")).rejects.toMatchObject({ code: expected });
    expect(counters.snapshot()).toMatchObject({ sent: 0, sendErrors: 1 });
  });
});
