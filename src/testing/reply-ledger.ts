/**
 * What the platform remembers to judge passive replies: every message and event it
 * pushed (id, target, time), and the replies already made to each (count, `msg_seq`s).
 */

/** The send-path kind of a target. */
export type TargetKind = "c2c" | "group" | "channel" | "dms";

/** One pushed message or event that may be replied to. */
export interface ReplyableEntry {
  kind: TargetKind;
  targetId: string;
  /** Simulator-clock time of the push. */
  at: number;
  /** Successful replies made with this id. */
  replies: number;
  /** `msg_seq` values already used with this id. */
  seqs: Set<number>;
}

type Target = { kind: TargetKind; targetId: string };

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

/** Where a reply to the message `d` of event `type` goes, if it is a message event. */
export function messageTarget(type: string, d: unknown): Target | undefined {
  const data = obj(d);
  const pick = (kind: TargetKind, id: unknown): Target | undefined => {
    const targetId = str(id);
    return targetId ? { kind, targetId } : undefined;
  };
  switch (type) {
    case "C2C_MESSAGE_CREATE":
      return pick("c2c", obj(data.author).user_openid);
    case "GROUP_AT_MESSAGE_CREATE":
      return pick("group", data.group_openid);
    case "AT_MESSAGE_CREATE":
    case "MESSAGE_CREATE":
      return pick("channel", data.channel_id);
    case "DIRECT_MESSAGE_CREATE":
      return pick("dms", data.guild_id);
    default:
      return undefined;
  }
}

/** Where a reply using the envelope id of event `type` as `event_id` goes. */
export function eventTarget(type: string, d: unknown): Target | undefined {
  const fromMessage = messageTarget(type, d);
  if (fromMessage) return fromMessage;
  const data = obj(d);
  if (str(data.group_openid) && (type.startsWith("GROUP_") || data.scene === "group" || data.chat_type === 1)) {
    return { kind: "group", targetId: data.group_openid as string };
  }
  const openid = str(data.openid) ?? str(data.user_openid);
  if (openid && (type.startsWith("C2C_") || type.startsWith("FRIEND_") || data.scene === "c2c" || data.chat_type === 2)) {
    return { kind: "c2c", targetId: openid };
  }
  if (str(data.channel_id)) return { kind: "channel", targetId: data.channel_id as string };
  return undefined;
}

/** Pushed messages and events, and the replies made to them. */
export class ReplyLedger {
  private readonly messages = new Map<string, ReplyableEntry>();
  private readonly events = new Map<string, ReplyableEntry>();

  /** Remember a pushed dispatch: its message id (message events) and its event id. */
  recordPush(type: string, eventId: string, d: unknown, at: number): void {
    const msg = messageTarget(type, d);
    const msgId = str(obj(d).id);
    if (msg && msgId) this.messages.set(msgId, { ...msg, at, replies: 0, seqs: new Set() });
    const evt = eventTarget(type, d);
    if (evt) this.events.set(eventId, { ...evt, at, replies: 0, seqs: new Set() });
  }

  /** The pushed message with this id. */
  message(id: string): ReplyableEntry | undefined {
    return this.messages.get(id);
  }

  /** The pushed event with this envelope id. */
  event(id: string): ReplyableEntry | undefined {
    return this.events.get(id);
  }
}
