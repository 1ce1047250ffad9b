/**
 * The normalised inbound message every app sees on `bot.messages$`.
 */
import type { MessageEventType } from "../protocol/events.js";
import type { SendBody } from "./send-body.js";
import type { SentMessage } from "./sent-message.js";
import type { C2CTarget, ChannelTarget, DirectSessionTarget, GroupTarget } from "./target.js";

/** Which chat a message came from: private (C2C), group, guild channel, guild DM. */
export type MessageKind = "c2c" | "group" | "guild" | "direct";

/** Who wrote a message. `id` is always set: the guild user id, or the best openid the platform sent. */
export interface MessageAuthor {
  /** The guild user id, or the best openid the platform sent (member, user, union). */
  id: string;
  /** C2C: the user's openid. */
  userOpenid?: string;
  /** Group: the member's openid in this group. */
  memberOpenid?: string;
  /** The user's union openid (the same across the bots of one developer), when sent. */
  unionOpenid?: string;
  /** Guild: the user name. */
  username?: string;
  /** Guild: whether the author is a bot. */
  bot?: boolean;
}

/** A file, image, voice or video attached to a message. `url` is always absolute. */
export interface MessageAttachment {
  /** Absolute URL of the file (the platform's scheme-less URLs get `https://`). */
  url: string;
  /** MIME type, e.g. `image/png`. */
  contentType?: string;
  /** File name as uploaded. */
  filename?: string;
  /** Size in bytes. */
  size?: number;
  /** Images and videos: width in pixels. */
  width?: number;
  /** Images and videos: height in pixels. */
  height?: number;
}

/** A user mentioned in a message. */
export interface MessageMention {
  /** The mentioned user's id. */
  id: string;
  /** Their user name. */
  username?: string;
  /** Whether they are a bot. */
  bot?: boolean;
}

/** Where a reply to a message goes. */
export type MessageTarget = C2CTarget | GroupTarget | Required<ChannelTarget> | DirectSessionTarget;

/** An inbound message, normalised from one of the five message dispatches. */
export interface Message {
  /** Platform message id (the `msg_id` of replies). */
  id: string;
  /** Which chat it came from. */
  kind: MessageKind;
  /** The dispatch type it came from. */
  eventType: MessageEventType;
  /** Content exactly as sent. */
  content: string;
  /** Content with the bot's own mention markup and surrounding whitespace stripped. */
  text: string;
  /** Who wrote it. */
  author: MessageAuthor;
  /** Where `reply` sends. */
  target: MessageTarget;
  /** When the platform says it was sent. */
  timestamp: Date;
  /** Files, images, voice and video attached; empty when none. */
  attachments: MessageAttachment[];
  /** Users mentioned (guild messages); empty when none. */
  mentions: MessageMention[];
  /** The message this one quotes. */
  reference?: {
    /** Id of the quoted message. */
    messageId: string;
  };
  /** The frame's `s`. */
  seq: number | undefined;
  /** The shard whose connection received it (0 without sharding or over webhooks). */
  shard: number;
  /** The frame's `id` (event id). */
  eventId: string | undefined;
  /** The dispatch's `d`, untouched. */
  raw: unknown;
  /**
   * Reply to this message (passive reply: `msg_id` and `msg_seq` are handled; long text is
   * split; rate-limited sends are retried). Rejects with a `QQSendError` (stable `code` such as
   * `REPLY_EXPIRED`), a `QQApiError` for other platform errors, or a `QQNetworkError`.
   */
  reply(body: SendBody): Promise<SentMessage>;
}

/** Builds the `reply` function of a message; the bot binds it to its sender. */
export type ReplyFactory = (message: Message) => (body: SendBody) => Promise<SentMessage>;
