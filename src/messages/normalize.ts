/**
 * Message dispatches → {@link Message}. Pure and total: any input gives `{ok: true, message}` or
 * `{ok: false, reason}`, never an exception. The bot drops, logs and counts (`eventsDropped`) the
 * failures.
 */
import { safeMessage } from "../errors.js";
import { MESSAGE_EVENT_TYPES, type MessageEventType } from "../protocol/events.js";
import { normalizeAttachments } from "./attachments.js";
import { isRecord, str } from "./guards.js";
import { InboundMessage, type MessageContext } from "./inbound-message.js";
import type { Message, MessageKind } from "./message.js";
import { sourceProblem } from "./message-source.js";
import { parseTimestampMs } from "./sent-message.js";

/** What normalisation needs besides the frame. */
export type NormalizeContext = MessageContext;

/** A message, or why there is none. */
export type NormalizeResult = { ok: true; message: Message } | { ok: false; reason: string };

const KIND_OF: Record<MessageEventType, MessageKind> = {
  C2C_MESSAGE_CREATE: "c2c",
  GROUP_AT_MESSAGE_CREATE: "group",
  AT_MESSAGE_CREATE: "guild",
  MESSAGE_CREATE: "guild",
  DIRECT_MESSAGE_CREATE: "direct",
};

/**
 * The message types by length: the five have five different lengths, so one array read and one
 * string comparison tell a message type, where a `Set` would hash every (fresh) `t` string.
 */
const MESSAGE_TYPE_BY_LENGTH: readonly (MessageEventType | undefined)[] = (() => {
  const byLength: (MessageEventType | undefined)[] = [];
  for (const type of MESSAGE_EVENT_TYPES) {
    if (byLength[type.length] !== undefined) throw new Error(`two message types of length ${type.length}`);
    byLength[type.length] = type;
  }
  return byLength;
})();

/** Whether a dispatch type carries a user message. */
export function isMessageEventType(t: unknown): t is MessageEventType {
  return typeof t === "string" && MESSAGE_TYPE_BY_LENGTH[t.length] === t;
}

/** The kind of a message type (one read by length, then the same comparison as {@link isMessageEventType}). */
function kindOf(t: MessageEventType): MessageKind {
  return KIND_OF[MESSAGE_TYPE_BY_LENGTH[t.length] as MessageEventType];
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  // Quote short strings whole; never a cut-off piece of a long one: a secret echoed into a field
  // (an access token is 72 characters) would survive redaction, which matches whole secrets only.
  if (typeof value === "string") return value.length <= 40 ? `string ${JSON.stringify(value)}` : `a ${value.length}-character string`;
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/**
 * The message, or why there is none (a string): the hot path's form of {@link normalizeMessage},
 * with no result object to allocate.
 */
export function toMessageOrReason(payload: unknown, ctx: NormalizeContext): Message | string {
  try {
    return readMessage(payload, ctx);
  } catch (err) {
    return `message could not be normalised: ${safeMessage(err)}`;
  }
}

function readMessage(payload: unknown, ctx: NormalizeContext): Message | string {
  if (!isRecord(payload)) return `dispatch is ${describe(payload)}, not an object`;
  const t = payload["t"];
  if (!isMessageEventType(t)) return `not a message dispatch (t is ${describe(t)})`;
  const d = payload["d"];
  if (!isRecord(d)) return `${t}: d is ${describe(d)}, not an object`;
  const id = str(d["id"]);
  if (!id) return `${t}: id is ${describe(d["id"])}`;
  const rawContent = d["content"];
  // Attachment-only messages may come without content; anything else needs a string.
  const content = typeof rawContent === "string"
    ? rawContent
    : rawContent === undefined && normalizeAttachments(d["attachments"]).length > 0 ? "" : undefined;
  if (content === undefined) return `${t} ${id}: content is ${describe(rawContent)}, not a string`;
  const timestampMs = parseTimestampMs(d["timestamp"]);
  if (timestampMs === undefined) return `${t} ${id}: timestamp ${describe(d["timestamp"])} cannot be read as a date`;
  const author = d["author"];
  if (!isRecord(author)) return `${t} ${id}: author is ${describe(author)}, not an object`;
  const kind = kindOf(t);
  const problem = sourceProblem(kind, d, author, describe);
  if (problem) return `${t} ${id}: ${problem}`;
  return new InboundMessage(payload, d, author, kind, content, timestampMs, ctx);
}

/**
 * Normalise a message dispatch (`{t, d, s, id}`: C2C_MESSAGE_CREATE, GROUP_AT_MESSAGE_CREATE,
 * AT_MESSAGE_CREATE, MESSAGE_CREATE, DIRECT_MESSAGE_CREATE). Missing or wrong-typed required
 * fields (id, content, timestamp, author and its ids, where-to-reply ids) give `{ok: false}`;
 * optional ones that are malformed are left out. Never throws.
 */
export function normalizeMessage(payload: unknown, ctx: NormalizeContext): NormalizeResult {
  const result = toMessageOrReason(payload, ctx);
  return typeof result === "string" ? { ok: false, reason: result } : { ok: true, message: result };
}
