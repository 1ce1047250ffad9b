/**
 * The {@link Message} every app gets: what identifies a message and where a reply goes is read
 * when it arrives (and validated); what most apps never read (the `Date`, the mention-stripped
 * `text`, absolute attachment URLs, mentions, the quoted message, the bound `reply`) is computed
 * on first access, once, by getters on the prototype. `raw` is the dispatch's `d` itself.
 *
 * `toJSON()` and `util.inspect` show every field, computed or not.
 */
import { inspect } from "node:util";
import type { MessageEventType } from "../protocol/events.js";
import { normalizeAttachments } from "./attachments.js";
import { isRecord, type Rec, str } from "./guards.js";
import { stripBotMention } from "./mention.js";
import { authorOf, targetOf } from "./message-source.js";
import type {
  Message, MessageAttachment, MessageAuthor, MessageKind, MessageMention, MessageTarget, ReplyFactory,
} from "./message.js";
import type { SendBody } from "./send-body.js";
import type { SentMessage } from "./sent-message.js";

/** The fields a message computes on first access. */
interface Computed {
  author?: MessageAuthor;
  target?: MessageTarget;
  text?: string;
  timestamp?: Date;
  attachments?: MessageAttachment[];
  mentions?: MessageMention[];
  reply?: (body: SendBody) => Promise<SentMessage>;
}

/** What a message needs from its bot. */
export interface MessageContext {
  shard: number;
  /** The bot's own user id: its mentions are stripped from `text`. */
  botUserId?: string | undefined;
  /** Binds `message.reply` (called on the first reply). */
  reply: ReplyFactory;
}

/** A message from a validated dispatch; see the module comment. */
export class InboundMessage implements Message {
  readonly id: string;
  readonly kind: MessageKind;
  readonly eventType: MessageEventType;
  readonly content: string;
  readonly seq: number | undefined;
  readonly shard: number;
  readonly eventId: string | undefined;
  readonly raw: Record<string, unknown>;
  readonly #authorRaw: Rec;
  readonly #timestampMs: number;
  readonly #botUserId: string | undefined;
  readonly #replyFactory: ReplyFactory;
  /** What the getters computed (one slot, made on the first access: most messages never need it). */
  #lazy: Computed | undefined;

  /**
   * @param payload - the dispatch frame (validated: `t` a message type, `d.id` a string)
   * @param d - its `d`; `author` its author object (its source checked by `sourceProblem`)
   */
  constructor(payload: Rec, d: Rec, author: Rec, kind: MessageKind, content: string, timestampMs: number, ctx: MessageContext) {
    this.id = d["id"] as string;
    this.kind = kind;
    this.eventType = payload["t"] as MessageEventType;
    this.content = content;
    const s = payload["s"];
    this.seq = typeof s === "number" && Number.isFinite(s) ? s : undefined;
    this.shard = ctx.shard;
    this.eventId = str(payload["id"]);
    this.raw = d;
    this.#authorRaw = author;
    this.#timestampMs = timestampMs;
    this.#botUserId = ctx.botUserId;
    this.#replyFactory = ctx.reply;
  }

  /** The slot of the fields computed on first read (made on first use). */
  #computed(): Computed {
    if (this.#lazy === undefined) this.#lazy = {};
    return this.#lazy;
  }

  /** Who wrote it. */
  get author(): MessageAuthor {
    const lazy = this.#computed();
    lazy.author ??= authorOf(this.kind, this.#authorRaw);
    return lazy.author;
  }

  /** Where `reply` sends. */
  get target(): MessageTarget {
    const lazy = this.#computed();
    lazy.target ??= targetOf(this.kind, this.raw, this.#authorRaw);
    return lazy.target;
  }

  /** Content with the bot's own mention markup and surrounding whitespace stripped. */
  get text(): string {
    const lazy = this.#computed();
    lazy.text ??= stripBotMention(this.content, this.#botUserId);
    return lazy.text;
  }

  /** When the platform says it was sent. */
  get timestamp(): Date {
    const lazy = this.#computed();
    lazy.timestamp ??= new Date(this.#timestampMs);
    return lazy.timestamp;
  }

  /** Files, images, voice and video attached (absolute URLs); empty when none. */
  get attachments(): MessageAttachment[] {
    const lazy = this.#computed();
    lazy.attachments ??= normalizeAttachments(this.raw["attachments"]);
    return lazy.attachments;
  }

  /** Users mentioned (guild messages); empty when none. */
  get mentions(): MessageMention[] {
    const lazy = this.#computed();
    lazy.mentions ??= normalizeMentions(this.raw["mentions"]);
    return lazy.mentions;
  }

  /** The message this one quotes. */
  get reference(): { messageId: string } | undefined {
    const ref = this.raw["message_reference"];
    const messageId = isRecord(ref) ? str(ref["message_id"]) : undefined;
    return messageId ? { messageId } : undefined;
  }

  /** Reply to this message (see {@link Message.reply}). */
  reply(body: SendBody): Promise<SentMessage> {
    try {
      const lazy = this.#computed();
      lazy.reply ??= this.#replyFactory(this);
      return lazy.reply(body);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Every field, computed ones included (for logs and `JSON.stringify`). */
  toJSON(): Omit<Message, "reply"> {
    const { id, kind, eventType, content, text, author, target, timestamp, attachments, mentions, reference, seq, shard, eventId, raw } = this;
    return { id, kind, eventType, content, text, author, target, timestamp, attachments, mentions, ...(reference ? { reference } : {}), seq, shard, eventId, raw };
  }

  /** `util.inspect` (and `console.log`) show {@link toJSON}. */
  [inspect.custom](_depth: number, options: object): string {
    return `Message ${inspect(this.toJSON(), options)}`;
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
