/**
 * Inbound message delivery against the simulated platform: malformed message dispatches are
 * dropped and counted while good ones keep flowing; messages replayed by a RESUME are delivered
 * once (`duplicatesDropped`).
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryStore, type Bot, type BotOptions } from "../../src/index.js";
import type { Logger } from "../../src/logger.js";
import type { SimulatedPlatform } from "../../src/testing/index.js";
import { runCleanups } from "../helpers/cleanups.js";
import { record } from "../helpers/record.js";
import { makeBot as makeSimulatedBot, startPlatform } from "../helpers/simulated-bot.js";

afterEach(runCleanups);

/** A bot on `platform` that reconnects after 100 ms. */
const makeBot = (platform: SimulatedPlatform, extra: Partial<BotOptions> = {}): Bot =>
  makeSimulatedBot(platform, { reconnect: { reconnectBackoffMs: [100] }, ...extra });

const msgId = (pushed: { d: unknown }) => (pushed.d as { id: string }).id;

describe("malformed message dispatches", () => {
  it("are dropped and counted in eventsDropped while good ones keep flowing", async () => {
    const platform = await startPlatform();
    const warnings: string[] = [];
    const logger: Logger = { debug: () => {}, info: () => {}, warn: (_o, m) => void warnings.push(String(m)), error: () => {} };
    const bot = makeBot(platform, { logger });
    const ready = platform.waitFor("ready");
    const inbox = record(bot.messages$);
    await ready;

    const ts = "2025-05-01T12:00:00+08:00";
    const good = [platform.pushMessage("c2c", { content: "good 1" })];
    platform.pushEvent("C2C_MESSAGE_CREATE", { bad: true });
    platform.pushEvent("C2C_MESSAGE_CREATE", "not an object");
    good.push(platform.pushMessage("group", { content: " good 2" }));
    platform.pushEvent("GROUP_AT_MESSAGE_CREATE", { id: "g-no-member", content: " hi", timestamp: ts, author: {}, group_openid: "G1" });
    platform.pushEvent("AT_MESSAGE_CREATE", { id: "guild-num-content", content: 42, timestamp: ts, author: { id: "1" }, guild_id: "2", channel_id: "3" });
    platform.pushEvent("C2C_MESSAGE_CREATE", { id: "bad-time", content: "x", timestamp: "yesterday-ish", author: { user_openid: "U1" } });
    good.push(platform.pushMessage("direct", { content: "good 3" }));

    await inbox.next((m) => m.id === msgId(good[2]!));
    expect(inbox.values.map((m) => m.id)).toEqual(good.map(msgId));
    expect(inbox.values.map((m) => m.text)).toEqual(["good 1", "good 2", "good 3"]);
    expect(bot.stats()).toMatchObject({ eventsDropped: 5, messagesIn: 3, badFrames: 0 });
    expect(warnings.filter((w) => /malformed/.test(w))).toHaveLength(5);
  });
});

/** A store whose session seq writes are lost (the write of a new session sticks; later seqs do not). */
class StaleSeqStore extends MemoryStore {
  override async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (/:session:\d+$/.test(key)) {
      const old = await this.get(key);
      if (old !== undefined && (JSON.parse(old) as { sessionId?: string }).sessionId === (JSON.parse(value) as { sessionId?: string }).sessionId) return;
    }
    return super.set(key, value, ttlMs);
  }
}

describe("duplicates across a RESUME", () => {
  it("a replay that overlaps what was delivered is dropped: each message once, duplicatesDropped counted", async () => {
    const platform = await startPlatform();
    const bot = makeBot(platform, { store: new StaleSeqStore() });
    const ready = platform.waitFor("ready");
    let inbox = record(bot.messages$);
    let events = record(bot.events$);
    await ready;
    const first = [1, 2, 3].map((n) => platform.pushMessage("c2c", { content: `before ${n}` }));
    await inbox.next((m) => m.id === msgId(first[2]!));
    const delivered = inbox.values.map((m) => m.id);
    const eventIdsBefore = events.values.map((e) => e.eventId);

    // Drop the socket: the last subscriber leaves; a message arrives while nobody is connected.
    const closed = platform.waitFor("close");
    inbox.subscription.unsubscribe();
    events.subscription.unsubscribe();
    await closed;
    const later = platform.pushMessage("c2c", { content: "while away" });
    expect(later.delivered).toBe(0);

    // Back: the stored seq lags, so the RESUME replays the three delivered messages as well.
    const resumed = platform.waitFor("resumed");
    inbox = record(bot.messages$);
    events = record(bot.events$);
    await resumed;
    await inbox.next((m) => m.id === msgId(later));

    expect(platform.stats()).toMatchObject({ identifies: 1, resumes: 1 });
    expect(inbox.values.map((m) => m.id)).toEqual([msgId(later)]);
    expect([...delivered, ...inbox.values.map((m) => m.id)]).toEqual([...first, later].map(msgId));
    expect(bot.stats()).toMatchObject({ duplicatesDropped: 3, messagesIn: 4 });
    const c2cEvents = events.values.filter((e) => e.type === "C2C_MESSAGE_CREATE");
    expect(c2cEvents.map((e) => e.eventId)).toEqual([later.id]);
    expect(eventIdsBefore).toEqual(expect.arrayContaining(first.map((p) => p.id)));
  });

  it("a message the platform pushes again while the socket is down is delivered once after the RESUME", async () => {
    const platform = await startPlatform();
    const bot = makeBot(platform);
    const ready = platform.waitFor("ready");
    const inbox = record(bot.messages$);
    await ready;
    const first = [1, 2, 3].map((n) => platform.pushMessage("group", { content: ` before ${n}` }));
    await inbox.next((m) => m.id === msgId(first[2]!));

    const closed = platform.waitFor("close");
    const resumed = platform.waitFor("resumed");
    platform.faults.closeAll(4009);
    await closed;
    const again = platform.pushEvent(first[1]!.type, first[1]!.d);
    const fresh = platform.pushMessage("group", { content: " after" });
    expect([again.delivered, fresh.delivered]).toEqual([0, 0]);
    await resumed;
    await inbox.next((m) => m.id === msgId(fresh));

    expect(inbox.values.map((m) => m.id)).toEqual([...first, fresh].map(msgId));
    expect(bot.stats()).toMatchObject({ duplicatesDropped: 1, messagesIn: 4, resumes: 1, identifies: 1 });
  });
});
