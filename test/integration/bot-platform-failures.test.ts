/**
 * The platform's real failure modes (PROTOCOL.md A8) against a running bot: each ends as the
 * specific outcome it is, never as a misdiagnosed storm, never as refused credentials.
 *
 * - op 9 then the close frame that refuses intents (4014): CLOSE_CODE_FATAL naming the intents;
 * - the token endpoint's rate limit (100001): cooling-down naming it, then a RESUME; never fatal;
 * - the IP allow list (11298): IP_NOT_ALLOWED at once, with the fix, not an endless backoff;
 * - oversized dispatches: skipped by name (size, seq), the session moves past them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Intents, MemoryStore, QQApiError } from "../../src/index.js";
import { closeHarnesses, fatalError, startHarness } from "../helpers/bot-harness.js";

afterEach(closeHarnesses);

describe("op 9 followed by the server's close frame", () => {
  it("intents the bot is not granted: CLOSE_CODE_FATAL 4014 naming the intents, after one IDENTIFY (not a storm)", async () => {
    const h = await startHarness({
      platform: { permittedIntents: Intents.BASIC | Intents.GROUP_AND_C2C_EVENT },
      bot: { intents: Intents.PUBLIC_MESSAGES },
    });
    const err = await fatalError(h);
    expect(err.code).toBe("CLOSE_CODE_FATAL");
    expect(err.closeCode).toBe(4014);
    expect(err.message).toContain("after an invalid session (op 9)");
    expect(err.message).toContain("The bot asked for DIRECT_MESSAGE | GROUP_AND_C2C_EVENT | INTERACTION | PUBLIC_GUILD_MESSAGES");
    expect(err.message).toContain("Intents.PUBLIC_MESSAGES also asks for DIRECT_MESSAGE and INTERACTION");
    expect(h.platform.stats()).toMatchObject({ identifies: 1, connections: 1 });
    expect(h.bot.stats().identifies).toBe(1);
    expect(h.states.at(-1)).toMatchObject({ state: "fatal" });
    expect(h.states.at(-1)?.reason).toContain("4014");
  });

  it("op 9 then 4914 (bot taken offline) on a READY connection: CLOSE_CODE_FATAL 4914", async () => {
    const h = await startHarness();
    await h.waitForState("ready");
    h.platform.faults.invalidSession(false, 4914);
    const err = await fatalError(h);
    expect(err).toMatchObject({ code: "CLOSE_CODE_FATAL", closeCode: 4914 });
    expect(err.message).toMatch(/offline|下架/);
    expect(h.platform.stats().connections).toBe(1);
  });

  it("op 9 then a close that is not fatal (4006) still re-identifies after invalidSessionDelayMs", async () => {
    const h = await startHarness({ bot: { reconnect: { invalidSessionDelayMs: 100 } } });
    await h.waitForState("ready");
    const from = h.states.length;
    h.platform.faults.invalidSession(false);
    const reconnecting = await h.waitForState("reconnecting", from);
    expect(reconnecting.retryInMs).toBe(100);
    expect(reconnecting.reason).toContain("invalid-session");
    await h.waitForState("ready", from);
    expect(h.bot.stats()).toMatchObject({ identifies: 2, resumes: 0 });
  });
});

describe("the token endpoint's rate limit (100001)", () => {
  it("a READY bot closed with 4004 while the token endpoint is rate limited: cooling-down naming it, counted, then RESUMED", async () => {
    const h = await startHarness({ bot: { reconnect: { rateLimitCooldownMs: 300 } } });
    await h.waitForState("ready");
    const before = h.platform.pushMessage("c2c", { content: "before" });
    await h.waitForMessages(1);
    const from = h.states.length;
    h.platform.faults.tokenFailure("rate-limit", 2);
    h.platform.faults.closeAll(4004);
    const during = h.platform.pushMessage("c2c", { content: "during" });
    const cooling = await h.waitForState("cooling-down", from);
    expect(cooling.reason).toMatch(/token endpoint is rate limited.*100001/);
    expect(cooling.retryInMs).toBe(300);
    await h.waitForState("ready", from);
    const got = await h.waitForMessages(2);
    expect(got.map((m) => m.id)).toEqual([before.d.id, during.d.id]);
    expect(h.bot.stats()).toMatchObject({ rateLimited: 2, resumes: 1, identifies: 1 });
    expect(h.states.slice(from).some((s) => s.state === "fatal")).toBe(false);
  });

  it("a restart with a cached URL whose first token is rate limited cools down instead of failing AUTH_FAILED", async () => {
    const first = await startHarness();
    await first.waitForState("ready");
    const store = new MemoryStore();
    await store.set(`qqbot-rx:${first.platform.appId}:gateway-url`, JSON.stringify({ version: 1, url: first.platform.gatewayUrl }));
    const h = await startHarness({
      on: first.platform,
      bot: { store, reconnect: { rateLimitCooldownMs: 300 } },
      beforeConnect: (p) => p.faults.tokenFailure("rate-limit-429", 1),
    });
    const cooling = await h.waitForState("cooling-down");
    expect(cooling.reason).toMatch(/token endpoint is rate limited/);
    await h.waitForState("ready");
    expect(h.bot.stats()).toMatchObject({ rateLimited: 1, gatewayFetches: 0, gatewayCacheHits: 2 });
  });

  it("a send while the token endpoint is rate limited waits like any rate limit and then goes out", async () => {
    const h = await startHarness({ connect: false, bot: { reconnect: { rateLimitCooldownMs: 500 }, send: { rateLimitRetryDelaysMs: [300, 600] } } });
    h.platform.faults.tokenFailure("rate-limit", 1);
    const ev = h.platform.pushEvent("GROUP_ADD_ROBOT", { group_openid: "G1", op_member_openid: "U1", timestamp: 1 });
    const sent = await h.bot.send({ kind: "group", groupOpenid: "G1" }, "hello", { eventId: ev.id });
    expect(sent.id).toBe(h.platform.sentMessages.at(-1)!.id);
    expect(h.platform.stats().tokenCalls).toBe(2);
  });

  it("a send whose token stays rate limited fails with TOKEN_RATE_LIMITED, never AUTH_FAILED", async () => {
    const h = await startHarness({ connect: false, bot: { reconnect: { rateLimitCooldownMs: 60_000 }, send: { rateLimitRetryDelaysMs: [50] } } });
    h.platform.faults.tokenFailure("rate-limit", 5);
    const err = await h.bot.send({ kind: "group", groupOpenid: "G1" }, "hello", { eventId: "E" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QQApiError);
    expect(err).toMatchObject({ code: "TOKEN_RATE_LIMITED" });
    expect(h.platform.stats().tokenCalls).toBe(1);
  });
});

describe("the IP allow list (11298)", () => {
  it("GET /gateway refused with 11298: IP_NOT_ALLOWED at once, naming the cause and the fix, visible in state$", async () => {
    const h = await startHarness({ beforeConnect: (p) => p.faults.refuseIp(10) });
    const err = await fatalError(h);
    expect(err.code).toBe("IP_NOT_ALLOWED");
    expect(err.message).toContain("11298");
    expect(err.message).toContain("IP allow list");
    expect((err.cause as QQApiError).code).toBe("IP_NOT_ALLOWED");
    const fatal = h.states.at(-1);
    expect(fatal?.state).toBe("fatal");
    expect(fatal?.reason).toContain("IP allow list");
    expect(h.platform.requests.filter((r) => r.path === "/gateway")).toHaveLength(1);
    expect(h.states.some((s) => s.state === "reconnecting")).toBe(false);
  });
});

describe("oversized dispatches", () => {
  it("a 2 MiB message is skipped with a warning naming its size and seq, counted, and the next message arrives", async () => {
    const h = await startHarness();
    await h.waitForState("ready");
    const big = h.platform.pushMessage("c2c", { content: "x".repeat(2 * 1024 * 1024) });
    const next = h.platform.pushMessage("c2c", { content: "small" });
    const [got] = await h.waitForMessages(1);
    expect(got!.id).toBe(next.d.id);
    expect(h.bot.stats()).toMatchObject({ oversizedFrames: 1, badFrames: 0 });
    const warning = h.logger.entries.find((e) => e.level === "warn" && e.msg?.includes("skipped an oversized dispatch"));
    expect(warning?.msg).toMatch(new RegExp(`seq \\d+, C2C_MESSAGE_CREATE, event ${big.id}`));
    expect(warning?.msg).toMatch(/: 2\d{6} bytes \(the limit is 1048576\)/);
  });

  it("a 10 MB dispatch the platform replays after every RESUME: skipped once, the session moves past it, never fatal", async () => {
    const h = await startHarness();
    await h.waitForState("ready");
    h.platform.pushMessage("c2c", { content: "x".repeat(10 * 1024 * 1024) });
    const after = h.platform.pushMessage("c2c", { content: "after the big one" });
    await h.waitForMessages(1);
    for (let i = 0; i < 2; i++) {
      const from = h.states.length;
      h.platform.faults.closeAll(4009);
      await h.waitForState("ready", from);
    }
    const last = h.platform.pushMessage("c2c", { content: "last" });
    const got = await h.waitForMessages(2);
    expect(got.map((m) => m.id)).toEqual([after.d.id, last.d.id]);
    expect(h.bot.stats()).toMatchObject({ oversizedFrames: 1, resumes: 2, identifies: 1 });
    expect(h.states.some((s) => s.state === "fatal")).toBe(false);
  });
});
