/**
 * Message dispatches → {@link Message}. Pure and total: any input gives `{ok: true, message}` or
 * `{ok: false, reason}`, never an exception. The bot drops, logs and counts (`eventsDropped`) the
 * failures.
 *
 * @example
 * ```ts
 * const result = normalizeMessage(frame, { shard: 0, botUserId: ready.user.id, reply: replyFactory(sender) });
 * if (result.ok) subscriber.next(result.message);
 * else { logger.warn({ reason: result.reason }, "message dropped"); counters.increment("eventsDropped"); }
 * ```
 */
import { safeMessage } from "../errors.js";
import { MESSAGE_EVENT_TYPES, type MessageEventType } from "../protocol/events.js";
import { normalizeAttachments } from "./attachments.js";
import { stripBotMention } from "./mention.js";
import type { Message, MessageAuthor, MessageKind, MessageMention, MessageTarget, ReplyFactory } from "./message.js";
import { parseTimestamp } from "./sent-message.js";

/** What normalisation needs besides the frame. */
export interface NormalizeContext {
  shard: number;
  /** The bot's own user id (READY `user.id`): its mentions are stripped from `text`. */
  botUserId?: string | undefined;
  /** Binds `message.reply`. */
  reply: ReplyFactory;
}

/** A message, or why there is none. */
export type NormalizeResult = { ok: true; message: Message } | { ok: false; reason: string };

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const fail = (reason: string): NormalizeResult => ({ ok: false, reason });

const KIND_OF: Record<MessageEventType, MessageKind> = {
  C2C_MESSAGE_CREATE: "c2c",
  GROUP_AT_MESSAGE_CREATE: "group",
  AT_MESSAGE_CREATE: "guild",
  MESSAGE_CREATE: "guild",
  DIRECT_MESSAGE_CREATE: "direct",
};

/** Whether a dispatch type carries a user message. */
export function isMessageEventType(t: unknown): t is MessageEventType {
  return typeof t === "string" && (MESSAGE_EVENT_TYPES as readonly string[]).includes(t);
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  // Quote short strings whole; never a cut-off piece of a long one: a secret echoed into a field
  // (an access token is 72 characters) would survive redaction, which matches whole secrets only.
  if (typeof value === "string") return value.length <= 40 ? `string ${JSON.stringify(value)}` : `a ${value.length}-character string`;
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

type Located = { author: MessageAuthor; target: MessageTarget } | string;

function locate(kind: MessageKind, d: Rec, author: Rec): Located {
  const union = str(author["union_openid"]);
  const extra: Partial<MessageAuthor> = union ? { unionOpenid: union } : {};
  switch (kind) {
    case "c2c": {
      const openid = str(author["user_openid"]);
      if (!openid) return `author.user_openid is ${describe(author["user_openid"])}`;
      return { author: { id: str(author["id"]) ?? openid, userOpenid: openid, ...extra }, target: { kind: "c2c", openid } };
    }
    case "group": {
      const member = str(author["member_openid"]);
      if (!member) return `author.member_openid is ${describe(author["member_openid"])}`;
      const groupOpenid = str(d["group_openid"]) ?? str(d["group_id"]);
      if (!groupOpenid) return `group_openid is ${describe(d["group_openid"])}`;
      return { author: { id: str(author["id"]) ?? member, memberOpenid: member, ...extra }, target: { kind: "group", groupOpenid } };
    }
    case "guild":
    case "direct": {
      const id = str(author["id"]);
      if (!id) return `author.id is ${describe(author["id"])}`;
      const guildId = str(d["guild_id"]);
      if (!guildId) return `guild_id is ${describe(d["guild_id"])}`;
      const who: MessageAuthor = { id, ...extra };
      if (typeof author["username"] === "string") who.username = author["username"];
      if (typeof author["bot"] === "boolean") who.bot = author["bot"];
      if (kind === "direct") return { author: who, target: { kind: "direct", guildId } };
      const channelId = str(d["channel_id"]);
      if (!channelId) return `channel_id is ${describe(d["channel_id"])}`;
      return { author: who, target: { kind: "channel", channelId, guildId } };
    }
  }
}

function normalizeMentions(raw: unknown): MessageMention[] {
  if (!Array.isArray(raw)) return [];
  const out: MessageMention[] = [];
  for (const item of raw) {
    if (!isRecord(item)) continue;
    const id = str(item["id"]) ?? str(item["member_openid"]) ?? str(item["user_openid"]);
    if (!id) continue;
    const mention: MessageMention = { id };
    if (typeof item["username"] === "string") mention.username = item["username"];
    if (typeof item["bot"] === "boolean") mention.bot = item["bot"];
    out.push(mention);
  }
  return out;
}

function normalizeUnsafe(payload: unknown, ctx: NormalizeContext): NormalizeResult {
  if (!isRecord(payload)) return fail(`dispatch is ${describe(payload)}, not an object`);
  const t = payload["t"];
  if (!isMessageEventType(t)) return fail(`not a message dispatch (t is ${describe(t)})`);
  const d = payload["d"];
  if (!isRecord(d)) return fail(`${t}: d is ${describe(d)}, not an object`);
  const id = str(d["id"]);
  if (!id) return fail(`${t}: id is ${describe(d["id"])}`);
  const attachments = normalizeAttachments(d["attachments"]);
  const rawContent = d["content"];
  // Attachment-only messages may come without content; anything else needs a string.
  const content = typeof rawContent === "string" ? rawContent : rawContent === undefined && attachments.length > 0 ? "" : undefined;
  if (content === undefined) return fail(`${t} ${id}: content is ${describe(rawContent)}, not a string`);
  const timestamp = parseTimestamp(d["timestamp"]);
  if (!timestamp) return fail(`${t} ${id}: timestamp ${describe(d["timestamp"])} cannot be read as a date`);
  const author = d["author"];
  if (!isRecord(author)) return fail(`${t} ${id}: author is ${describe(author)}, not an object`);
  const kind = KIND_OF[t];
  const located = locate(kind, d, author);
  if (typeof located === "string") return fail(`${t} ${id}: ${located}`);
  const ref = d["message_reference"];
  const refId = isRecord(ref) ? str(ref["message_id"]) : undefined;
  const s = payload["s"];
  const fields: Omit<Message, "reply"> = {
    id,
    kind,
    eventType: t,
    content,
    text: stripBotMention(content, ctx.botUserId),
    author: located.author,
    target: located.target,
    timestamp,
    attachments,
    mentions: normalizeMentions(d["mentions"]),
    ...(refId ? { reference: { messageId: refId } } : {}),
    seq: typeof s === "number" && Number.isFinite(s) ? s : undefined,
    shard: ctx.shard,
    eventId: str(payload["id"]),
    raw: d,
  };
  // `reply` closes over the finished message, so it is bound last.
  const message = fields as Message;
  message.reply = ctx.reply(message);
  return { ok: true, message };
}

/**
 * Normalise a message dispatch (`{t, d, s, id}`: C2C_MESSAGE_CREATE, GROUP_AT_MESSAGE_CREATE,
 * AT_MESSAGE_CREATE, MESSAGE_CREATE, DIRECT_MESSAGE_CREATE). Missing or wrong-typed required
 * fields (id, content, timestamp, author and its ids, where-to-reply ids) give `{ok: false}`;
 * optional ones that are malformed are left out. Never throws.
 */
export function normalizeMessage(payload: unknown, ctx: NormalizeContext): NormalizeResult {
  try {
    return normalizeUnsafe(payload, ctx);
  } catch (err) {
    return fail(`message could not be normalised: ${safeMessage(err)}`);
  }
}
