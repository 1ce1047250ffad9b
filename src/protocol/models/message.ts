/**
 * Message bodies and answers of the message endpoints: guild channel and DM messages (JSON or
 * `multipart/form-data` with `file_image`), C2C and group messages (v2), recall, message settings.
 * Source: docs server-inter/message/post_messages.md, send-receive/send.md, send-receive/reset.md,
 * speak/setting/model.md; botgo dto/message_create.go, dto/message_setting.go; botpy botpy/api.py.
 */
import type { GuildMessageData } from "../events.js";
import type { MessageArk, MessageEmbed, MessageKeyboard, MessageMarkdown, MessageReference } from "./message-parts.js";

/** A guild channel or DM message as the OpenAPI returns it. */
export interface ChannelMessage extends GuildMessageData {
  /** Whether it is read aloud. */
  tts?: boolean;
  /** Whether it mentions everyone. */
  mention_everyone?: boolean;
  /** Embeds. */
  embeds?: MessageEmbed[];
  /** Whether it is pinned. */
  pinned?: boolean;
  /** Message type. */
  type?: number;
  /** Flags. */
  flags?: number;
  /** When it was last edited (ISO 8601). */
  edited_timestamp?: string;
}

/** Body of `POST /channels/{channel_id}/messages` and `POST /dms/{guild_id}/messages` (JSON). At least one of content, embed, ark, image, markdown. */
export interface ChannelMessageBody {
  /** Text; supports `<@user_id>`, `<#channel_id>`, `<emoji:id>`. */
  content?: string;
  /** Embed. */
  embed?: MessageEmbed;
  /** Ark. */
  ark?: MessageArk;
  /** Quoted message. */
  message_reference?: MessageReference;
  /** Image URL (the platform copies it). */
  image?: string;
  /** Message replied to (a passive reply, valid 5 minutes). */
  msg_id?: string;
  /** Event replied to. */
  event_id?: string;
  /** Markdown. */
  markdown?: MessageMarkdown;
  /** Keyboard. */
  keyboard?: MessageKeyboard;
}

/**
 * Body of the `multipart/form-data` variant: an image file in `file_image`, plus any JSON-body
 * field (objects are sent as JSON strings, as the platform asks).
 */
export interface ChannelImageBody extends Omit<ChannelMessageBody, "image"> {
  /** The image bytes (a `Uint8Array`/`Buffer` or a `Blob`). */
  file_image: Uint8Array | Blob;
}

/** Body of `POST /v2/users/{openid}/messages` and `POST /v2/groups/{group_openid}/messages`. */
export interface V2MessageBody {
  /** Text (for `msg_type` 7 a non-empty one such as `" "`). */
  content?: string;
  /** 0 text, 2 markdown, 3 ark, 4 embed, 7 media. */
  msg_type: 0 | 1 | 2 | 3 | 4 | 7;
  /** Markdown (`msg_type` 2). */
  markdown?: MessageMarkdown;
  /** Keyboard. */
  keyboard?: MessageKeyboard;
  /** Ark (`msg_type` 3). */
  ark?: MessageArk;
  /** Embed (`msg_type` 4). */
  embed?: MessageEmbed;
  /** Media from the files endpoint (`msg_type` 7). */
  media?: {
    /** The `file_info` of an upload. */
    file_info: string;
  };
  /** Quoted message (marked unsupported by the docs). */
  message_reference?: MessageReference;
  /** Event replied to. */
  event_id?: string;
  /** Message replied to. */
  msg_id?: string;
  /** Reply number for `msg_id`/`event_id`; a repeated number is refused (40054005). @defaultValue 1 */
  msg_seq?: number;
  /** A streamed message part (botgo dto/message_create.go Stream; newer platform feature). */
  stream?: {
    /** 1 body in progress, 10 body done, 11 guide in progress, 20 guide done. */
    state?: number;
    /** The first part's message id (from the second part on). */
    id?: string;
    /** Part number, from 1. */
    index?: number;
    /** Restart an unfinished stream (index from 0). */
    reset?: boolean;
  };
  /** A keyboard shown in the input area (botgo PromptKeyboard). */
  prompt_keyboard?: {
    /** The keyboard. */
    keyboard?: MessageKeyboard;
  };
  /** Action buttons under the message: feedback, TTS, regenerate … (botgo ActionButton). */
  action_button?: Record<string, unknown>;
}

/** Answer of a v2 send. */
export interface V2MessageSent {
  /** Id of the message sent (what recall takes). */
  id: string;
  /** When it was sent (a string or a number, depending on the platform's mood). */
  timestamp: string | number;
}

/** Query of the guild channel and DM recall. */
export interface RecallQuery {
  /** Hide the grey "message recalled" tip. @defaultValue false */
  hidetip?: boolean;
}

/** Query of `GET /channels/{channel_id}/messages`: messages around, before or after one id. */
export interface MessagesQuery {
  /** Messages around this id. */
  around?: string;
  /** Messages before this id. */
  before?: string;
  /** Messages after this id. */
  after?: string;
  /** Most messages, at most 20. */
  limit?: number;
}

/** Body of `PATCH /channels/{channel_id}/messages/{message_id}`: a new markdown and keyboard for a bot message with a keyboard. */
export interface MessageEditBody {
  /** New markdown. */
  markdown?: MessageMarkdown;
  /** New keyboard (required by the platform: 50050 without it). */
  keyboard: MessageKeyboard;
  /** Message this edit answers. */
  msg_id?: string;
  /** Event this edit answers. */
  event_id?: string;
}

/** `GET /guilds/{guild_id}/message/setting`: the guild's message-rate settings for bots. */
export interface MessageSetting {
  /** Whether bots may not open DM sessions. */
  disable_create_dm: boolean | string;
  /** Whether bots may not send proactive messages. */
  disable_push_msg: boolean | string;
  /** Channels bots may push to. */
  channel_ids: string[];
  /** Proactive messages allowed per channel. */
  channel_push_max_num: number;
}

/** Body of the setting-guide posts: a message that leads users to the bot's settings. */
export interface SettingGuideBody {
  /** Text, e.g. `<@user_id>` mentions (channel guide). */
  content?: string;
  /** DM guide: the guild the guide jumps to. */
  setting_guide?: {
    /** Guild id. */
    guild_id: string;
  };
}
