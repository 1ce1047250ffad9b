/**
 * The normalised inbound message every app sees on `bot.messages$`.
 *
 * @example
 * ```ts
 * bot.messages$.subscribe(async (msg) => {
 *   if (msg.kind === "group" && msg.text === "ping") await msg.reply("pong");
 * });
 * ```
 */
import type { MessageEventType } from "../protocol/events.js";
import type { SendBody } from "./send-body.js";
import type { SentMessage } from "./sent-message.js";
import type { C2CTarget, ChannelTarget, DirectSessionTarget, GroupTarget } from "./target.js";

/** Which chat a message came from: private (C2C), group, guild channel, guild DM. */
export type MessageKind = "c2c" | "group" | "guild" | "direct";

/** Who wrote a message. `id` is always set: the guild user id, or the best openid the platform sent. */
export interface MessageAuthor {
  id: string;
  /** C2C: the user's openid. */
  userOpenid?: string;
  /** Group: the member's openid in this group. */
  memberOpenid?: string;
  unionOpenid?: string;
  /** Guild: the user name. */
  username?: string;
  /** Guild: whether the author is a bot. */
  bot?: boolean;
}

/** A file, image, voice or video attached to a message. `url` is always absolute. */
export interface MessageAttachment {
  url: string;
  contentType?: string;
  filename?: string;
  size?: number;
  width?: number;
  height?: number;
}

/** A user mentioned in a message. */
export interface MessageMention {
  id: string;
  username?: string;
  bot?: boolean;
}

/** Where a reply to a message goes. */
export type MessageTarget = C2CTarget | GroupTarget | Required<ChannelTarget> | DirectSessionTarget;

/** An inbound message, normalised from one of the five message dispatches. */
export interface Message {
  /** Platform message id (the `msg_id` of replies). */
  id: string;
  kind: MessageKind;
  /** The dispatch type it came from. */
  eventType: MessageEventType;
  /** Content exactly as sent. */
  content: string;
  /** Content with the bot's own mention markup and surrounding whitespace stripped. */
  text: string;
  author: MessageAuthor;
  /** Where `reply` sends. */
  target: MessageTarget;
  timestamp: Date;
  attachments: MessageAttachment[];
  mentions: MessageMention[];
  /** The message this one quotes. */
  reference?: { messageId: string };
  /** The frame's `s`. */
  seq: number | undefined;
  shard: number;
  /** The frame's `id` (event id). */
  eventId: string | undefined;
  /** The dispatch's `d`, untouched. */
  raw: unknown;
  /** Reply to this message (passive reply: `msg_id` and `msg_seq` are handled). */
  reply(body: SendBody): Promise<SentMessage>;
}

/** Builds the `reply` function of a message; the bot binds it to its sender. */
export type ReplyFactory = (message: Message) => (body: SendBody) => Promise<SentMessage>;
