import { describe, expect, expectTypeOf, it } from "vitest";
import { isGatewayEvent, toGatewayEvent, type GatewayEvent, type GatewayEventOf, type UnknownGatewayEvent } from "../../src/messages/events.js";
import type { FriendEventData, GroupEventData, InteractionData } from "../../src/protocol/events.js";

describe("toGatewayEvent", () => {
  it("a documented dispatch becomes a known event with seq, shard and eventId", () => {
    const d = { group_openid: "C9F7", op_member_openid: "E4F4", timestamp: 1699240248 };
    expect(toGatewayEvent({ op: 0, t: "GROUP_ADD_ROBOT", d, s: 12, id: "GROUP_ADD_ROBOT:1" }, 2)).toEqual({
      known: true, type: "GROUP_ADD_ROBOT", data: d, seq: 12, shard: 2, eventId: "GROUP_ADD_ROBOT:1",
    });
  });

  it("an undocumented dispatch becomes an unknown event, data untouched", () => {
    const event = toGatewayEvent({ op: 0, t: "SOMETHING_NEW", d: [1, 2], s: 3 }, 0);
    expect(event).toEqual({ known: false, type: "SOMETHING_NEW", data: [1, 2], seq: 3, shard: 0, eventId: undefined });
  });

  it("frames without a string t are not events; bad s/id are left out", () => {
    expect(toGatewayEvent({ op: 11 }, 0)).toBeUndefined();
    expect(toGatewayEvent(null, 0)).toBeUndefined();
    expect(toGatewayEvent({ op: 0, t: "" }, 0)).toBeUndefined();
    expect(toGatewayEvent({ op: 0, t: "FRIEND_ADD", s: "7", id: 9 }, 0)).toMatchObject({ seq: undefined, eventId: undefined });
  });

  it("isGatewayEvent narrows by type and rejects unknown events carrying the same name", () => {
    const known = toGatewayEvent({ op: 0, t: "FRIEND_ADD", d: { openid: "o", timestamp: 1 } }, 0)!;
    expect(isGatewayEvent(known, "FRIEND_ADD")).toBe(true);
    expect(isGatewayEvent(known, "FRIEND_DEL")).toBe(false);
    const forged: GatewayEvent = { known: false, type: "FRIEND_ADD", data: null, seq: undefined, shard: 0, eventId: undefined };
    expect(isGatewayEvent(forged, "FRIEND_ADD")).toBe(false);
  });

  it("types: the union narrows data per type", () => {
    expectTypeOf<GatewayEventOf<"FRIEND_ADD">["data"]>().toEqualTypeOf<FriendEventData>();
    expectTypeOf<GatewayEventOf<"GROUP_ADD_ROBOT">["type"]>().toEqualTypeOf<"GROUP_ADD_ROBOT">();
    const handle = (e: GatewayEvent): string => {
      if (!e.known) {
        expectTypeOf(e).toEqualTypeOf<UnknownGatewayEvent>();
        expectTypeOf(e.data).toBeUnknown();
        return e.type;
      }
      switch (e.type) {
        case "INTERACTION_CREATE":
          expectTypeOf(e.data).toEqualTypeOf<InteractionData>();
          return e.data.id;
        case "GROUP_MSG_RECEIVE":
          expectTypeOf(e.data).toEqualTypeOf<GroupEventData>();
          return e.data.group_openid;
        default:
          return e.type;
      }
    };
    expect(handle(toGatewayEvent({ t: "INTERACTION_CREATE", d: { id: "i1", type: 11 } }, 0)!)).toBe("i1");
    expect(handle(toGatewayEvent({ t: "X", d: 1 }, 0)!)).toBe("X");
  });
});
