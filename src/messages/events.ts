/**
 * Every dispatch as a typed event: a discriminated union on `type` for the documented events
 * ({@link EventDataMap}), and {@link UnknownGatewayEvent} for the rest. `known` tells them apart,
 * so `if (e.known) switch (e.type) …` narrows `data`; {@link isGatewayEvent} narrows one type.
 *
 * `data` of a known event is the dispatch's `d` as sent — typed, not validated (messages are
 * validated by `normalizeMessage`).
 */
import type { EventDataMap, KnownEventType } from "../protocol/events.js";

/** Fields every event has. */
export interface EventBase {
  /** The frame's `s`. */
  seq: number | undefined;
  /** The shard whose connection received it (0 without sharding or over webhooks). */
  shard: number;
  /** The frame's `id` (what `event_id` replies use). */
  eventId: string | undefined;
}

/** Every documented dispatch. */
export type KnownGatewayEvent = {
  [T in KnownEventType]: EventBase & {
    /** Always `true`: `type` is documented and `data` is typed. */
    known: true;
    /** The dispatch's `t`. */
    type: T;
    /** The dispatch's `d`, typed by {@link EventDataMap} (as sent, not validated). */
    data: EventDataMap[T];
  };
}[KnownEventType];

/** A documented dispatch, by type. */
export type GatewayEventOf<T extends KnownEventType> = Extract<
  KnownGatewayEvent,
  {
    /** The documented event type to pick. */
    type: T;
  }
>;

/** A dispatch whose type qqbot-rx does not document (newer platform events, …; READY and RESUMED never reach `events$`). */
export interface UnknownGatewayEvent extends EventBase {
  /** Always `false`: `data` is not typed. */
  known: false;
  /** The dispatch's `t`. */
  type: string;
  /** The dispatch's `d`, as sent. */
  data: unknown;
}

/** Any dispatch. */
export type GatewayEvent = KnownGatewayEvent | UnknownGatewayEvent;

const KNOWN: Record<KnownEventType, true> = {
  C2C_MESSAGE_CREATE: true, GROUP_AT_MESSAGE_CREATE: true, AT_MESSAGE_CREATE: true, MESSAGE_CREATE: true,
  DIRECT_MESSAGE_CREATE: true, FRIEND_ADD: true, FRIEND_DEL: true, C2C_MSG_REJECT: true, C2C_MSG_RECEIVE: true,
  GROUP_ADD_ROBOT: true, GROUP_DEL_ROBOT: true, GROUP_MSG_REJECT: true, GROUP_MSG_RECEIVE: true,
  INTERACTION_CREATE: true, MESSAGE_AUDIT_PASS: true, MESSAGE_AUDIT_REJECT: true, GUILD_CREATE: true,
  GUILD_UPDATE: true, GUILD_DELETE: true, CHANNEL_CREATE: true, CHANNEL_UPDATE: true, CHANNEL_DELETE: true,
  GUILD_MEMBER_ADD: true, GUILD_MEMBER_UPDATE: true, GUILD_MEMBER_REMOVE: true,
};

/** Whether an event type is documented (in {@link EventDataMap}). */
export function isKnownEventType(type: string): type is KnownEventType {
  return Object.hasOwn(KNOWN, type);
}

/** Narrow an event to one documented type. */
export function isGatewayEvent<T extends KnownEventType>(event: GatewayEvent, type: T): event is GatewayEventOf<T> {
  return event.known && event.type === type;
}

/**
 * A dispatch frame (`{t, d, s, id}`) as a {@link GatewayEvent}; `undefined` when it has no string `t`
 * (not a dispatch). Never throws.
 */
export function toGatewayEvent(payload: unknown, shard: number): GatewayEvent | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const frame = payload as { t?: unknown; d?: unknown; s?: unknown; id?: unknown };
  if (typeof frame.t !== "string" || frame.t === "") return undefined;
  const base: EventBase = {
    seq: typeof frame.s === "number" && Number.isFinite(frame.s) ? frame.s : undefined,
    shard,
    eventId: typeof frame.id === "string" && frame.id !== "" ? frame.id : undefined,
  };
  if (isKnownEventType(frame.t)) return { ...base, known: true, type: frame.t, data: frame.d } as KnownGatewayEvent;
  return { ...base, known: false, type: frame.t, data: frame.d };
}
