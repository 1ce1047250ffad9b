/**
 * Typed events against the simulated platform: `events$` delivers every dispatch (documented ones
 * with `known: true`), `bot.event$(type)` one type with typed `data`, and an INTERACTION_CREATE
 * is acknowledged with `ackInteraction` → `PUT /interactions/{id}`.
 */
import { firstValueFrom, take, timeout, toArray } from "rxjs";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { InteractionAckCode, type GatewayEvent } from "../../src/index.js";
import { runCleanups } from "../helpers/cleanups.js";
import { record } from "../helpers/record.js";
import { makeBot, startPlatform } from "../helpers/simulated-bot.js";

afterEach(runCleanups);

describe("events$", () => {
  it("delivers every dispatch; event$(type) only that type, typed", async () => {
    const platform = await startPlatform();
    const bot = makeBot(platform);
    const ready = platform.waitFor("ready");
    const all = record(bot.events$);
    const added = firstValueFrom(bot.event$("GROUP_ADD_ROBOT").pipe(timeout({ first: 15_000 })));
    await ready;

    platform.pushEvent("FRIEND_ADD", { openid: platform.scene.userOpenid, timestamp: 1699240365 });
    platform.pushEvent("SOMETHING_NEW", { hello: "world" });
    const pushed = platform.pushEvent("GROUP_ADD_ROBOT", { group_openid: platform.scene.groupOpenid, op_member_openid: platform.scene.memberOpenid, timestamp: 1699240248 });

    const e = await added;
    expectTypeOf(e.type).toEqualTypeOf<"GROUP_ADD_ROBOT">();
    expectTypeOf(e.data.group_openid).toEqualTypeOf<string>();
    expect(e).toMatchObject({ type: "GROUP_ADD_ROBOT", known: true, eventId: pushed.id, shard: 0 });
    expect(e.data).toEqual(pushed.d);
    expect(e.seq).toBe(4); // READY is 1, then FRIEND_ADD, SOMETHING_NEW, GROUP_ADD_ROBOT

    await all.next((x) => x.eventId === pushed.id);
    const seen = all.values.filter((x: GatewayEvent) => x.type !== "READY");
    expect(seen.map((x) => [x.type, x.known])).toEqual([["FRIEND_ADD", true], ["SOMETHING_NEW", false], ["GROUP_ADD_ROBOT", true]]);
  });

  it("an INTERACTION_CREATE is acknowledged with PUT /interactions/{id}", async () => {
    const platform = await startPlatform();
    const bot = makeBot(platform);
    const ready = platform.waitFor("ready");
    const interactions = firstValueFrom(bot.event$("INTERACTION_CREATE").pipe(take(2), toArray(), timeout({ first: 15_000 })));
    await ready;

    const base = { type: 11, scene: "group", chat_type: 1, group_openid: platform.scene.groupOpenid, group_member_openid: platform.scene.memberOpenid, version: 1 };
    platform.pushEvent("INTERACTION_CREATE", { ...base, id: "itx-ok", data: { type: 11, resolved: { button_id: "1", button_data: "yes" } } });
    platform.pushEvent("INTERACTION_CREATE", { ...base, id: "itx-no", data: { type: 11, resolved: { button_id: "2", button_data: "no" } } });
    const [ok, no] = await interactions;
    expectTypeOf(ok!.data.id).toEqualTypeOf<string>();
    await bot.ackInteraction(ok!.data.id); // Success by default
    await bot.ackInteraction(no!.data.id, InteractionAckCode.NoPermission);

    const puts = platform.requests.filter((r) => r.method === "PUT");
    expect(puts.map((r) => [r.path, r.body, r.status])).toEqual([
      ["/interactions/itx-ok", { code: 0 }, 200],
      ["/interactions/itx-no", { code: 4 }, 200],
    ]);
  });

  it("bot.send with { eventId } answers a GROUP_ADD_ROBOT (passive reply by event_id)", async () => {
    const platform = await startPlatform();
    const bot = makeBot(platform);
    const ready = platform.waitFor("ready");
    const added = firstValueFrom(bot.event$("GROUP_ADD_ROBOT").pipe(timeout({ first: 15_000 })));
    await ready;
    const pushed = platform.pushEvent("GROUP_ADD_ROBOT", { group_openid: platform.scene.groupOpenid, op_member_openid: platform.scene.memberOpenid, timestamp: 1_700_000_000 });
    const event = await added;
    expect(event.eventId).toBe(pushed.id);
    await bot.send({ kind: "group", groupOpenid: event.data.group_openid }, "thanks for adding me", { eventId: event.eventId! });
    const sent = platform.requests.filter((r) => r.method === "POST" && r.path.startsWith("/v2/groups/"));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.status).toBe(200);
    expect(sent[0]!.body).toMatchObject({ content: "thanks for adding me", event_id: event.eventId, msg_seq: 1 });
    // Without a reply reference the platform refuses it (proactive messages are no longer allowed).
    await expect(bot.send({ kind: "group", groupOpenid: event.data.group_openid }, "unsolicited")).rejects.toMatchObject({ code: "PROACTIVE_REFUSED" });
  });
});
