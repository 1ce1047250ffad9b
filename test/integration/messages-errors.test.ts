/**
 * Platform send errors the simulator produces, as the typed `QQSendError`s apps see:
 * 40054005 (the same msg_id + msg_seq twice — two bot processes answering one message),
 * 40034102 (a proactive `bot.send`), 40034024 (the reply window passed, crossed with the
 * simulator's clock).
 */
import { afterEach, describe, expect, it } from "vitest";
import { QQSendError } from "../../src/index.js";
import type { SimulatedPlatform } from "../../src/testing/index.js";
import { runCleanups } from "../helpers/cleanups.js";
import { startInboxBot, startPlatform } from "../helpers/simulated-bot.js";

afterEach(runCleanups);

async function failure(promise: Promise<unknown>): Promise<QQSendError> {
  const outcome = await promise.then(() => undefined, (err: unknown) => err);
  expect(outcome).toBeInstanceOf(QQSendError);
  const err = outcome as QQSendError;
  expect(err.message.trim().length).toBeGreaterThan(20);
  return err;
}

describe("40054005: msg_id + msg_seq used twice", () => {
  it("a second process replying to the same message with the same msg_seq gets MSG_SEQ_DUPLICATE", async () => {
    const platform = await startPlatform();
    const a = await startInboxBot(platform);
    const b = await startInboxBot(platform);
    const pushed = platform.pushMessage("c2c", { content: "who answers?" });
    expect(pushed.delivered).toBe(2);
    const id = pushed.d.id as string;
    const [fromA, fromB] = await Promise.all([a.receive(id), b.receive(id)]);

    await fromA.reply("A answers");
    const err = await failure(fromB.reply("B answers too"));

    expect(err.code).toBe("MSG_SEQ_DUPLICATE");
    expect(err.platformCode).toBe(40054005);
    expect(err.msgSeq).toBe(1);
    expect(err.replyTo).toBe(id);
    expect(err.message).toContain("msg_seq 1");
    expect(err.message).toContain(id);
    expect(err.traceId).toMatch(/^[0-9a-f]{32}$/); // the simulator's X-Tps-trace-ID
    expect(b.bot.stats().sendErrors).toBe(1);
    expect(platform.sentMessages.map((m) => (m.body as { content?: string }).content)).toEqual(["A answers"]);
  });
});

describe("40034102: proactive messages", () => {
  it.each([
    ["c2c", (p: SimulatedPlatform) => ({ kind: "c2c" as const, openid: p.scene.userOpenid })],
    ["group", (p: SimulatedPlatform) => ({ kind: "group" as const, groupOpenid: p.scene.groupOpenid })],
  ] as const)("bot.send to a %s without a message to reply to is PROACTIVE_REFUSED", async (_kind, target) => {
    const platform = await startPlatform();
    const { bot } = await startInboxBot(platform);
    const err = await failure(bot.send(target(platform), "unprompted hello"));

    expect(err.code).toBe("PROACTIVE_REFUSED");
    expect(err.platformCode).toBe(40034102);
    expect(err.message).toMatch(/proactive/);
    expect(err.message).toContain("2025-04-21");
    const post = platform.requests.find((r) => r.method === "POST" && r.path.endsWith("/messages"));
    expect(post?.status).toBe(400);
    expect(post?.body).not.toHaveProperty("msg_id");
    expect(platform.sentMessages).toHaveLength(0);
    expect(bot.stats()).toMatchObject({ sent: 0, sendErrors: 1 });
  });
});

describe("40034024: the reply window passed", () => {
  it.each([
    { kind: "c2c" as const, windowMs: 60 * 60_000 },
    { kind: "group" as const, windowMs: 5 * 60_000 },
  ])("$kind: a reply after the window is REPLY_EXPIRED; inside it succeeds", async ({ kind, windowMs }) => {
    let clock = Date.now();
    const platform = await startPlatform({ now: () => clock });
    const { receive } = await startInboxBot(platform);
    const early = await receive(platform.pushMessage(kind).d.id as string);
    const late = await receive(platform.pushMessage(kind).d.id as string);

    clock += windowMs - 1000;
    await early.reply("still in time");
    clock += 2000;
    const err = await failure(late.reply("too late"));

    expect(err.code).toBe("REPLY_EXPIRED");
    expect(err.platformCode).toBe(40034024);
    expect(err.replyTo).toBe(late.id);
    expect(err.message).toContain(late.id);
    expect(err.message).toMatch(/reply window/);
    expect(platform.sentMessages.map((m) => (m.body as { msg_id?: string }).msg_id)).toEqual([early.id]);
  });
});
