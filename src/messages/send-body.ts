/**
 * What apps send (`SendBody`) and how it becomes the platform's request bodies for each chat kind.
 * Pure: media is uploaded by the sender first and comes in here as `fileInfo`.
 */
import { splitText } from "./split-text.js";
import type { ReplyRef } from "./target.js";

/** One template parameter of a markdown template. */
export interface MarkdownParam {
  /** The template's parameter name. */
  key: string;
  /** Its values. */
  values: string[];
}

/** Markdown: raw content, or a registered template with parameters. */
export type MarkdownBody =
  | {
      /** Raw markdown text. */
      content: string;
    }
  | {
      /** Id of a markdown template registered in the bot console. */
      custom_template_id: string;
      /** Values for the template's parameters. */
      params?: MarkdownParam[];
    };

/** Kinds of rich media the files endpoint takes. */
export type MediaFileType = "image" | "video" | "voice" | "file";

/** Rich media to upload: from a URL the platform fetches, or from bytes sent base64-encoded. */
export interface MediaSpec {
  /** A public URL the platform downloads the file from. One of `url` and `data` is required. */
  url?: string;
  /** The file's bytes, uploaded base64-encoded (C2C and group). */
  data?: Buffer;
  /** What the file is. */
  fileType: MediaFileType;
}

/** A message with more than text. At least one of content/markdown/ark/embed/image/media must be set. */
export interface RichBody {
  /** Text (split into several messages when longer than `send.maxTextLength`). */
  content?: string;
  /** Markdown text or a markdown template. */
  markdown?: MarkdownBody;
  /** Button keyboard: `{id}` or `{content: {rows: [...]}}`, passed through. */
  keyboard?: Record<string, unknown>;
  /** Template ark, passed through. */
  ark?: Record<string, unknown>;
  /** Embed (guild; msg_type 4 elsewhere), passed through. */
  embed?: Record<string, unknown>;
  /** Image URL (guild). For C2C/group it is uploaded as image media. */
  image?: string;
  /** Rich media. C2C/group: uploaded, then sent as msg_type 7. Guild: image URLs only (sent as `image`). */
  media?: MediaSpec;
}

/** What `send`/`reply` take: text, or a {@link RichBody}. */
export type SendBody = string | RichBody;

/** Chat kinds as the request builder sees them. */
export type BodyKind = "c2c" | "group" | "channel" | "direct";

/** The `msg_type` values of C2C/group messages. */
export const MsgType = { Text: 0, Markdown: 2, Ark: 3, Embed: 4, Media: 7 } as const;

/** A body as an object: text becomes `{content}`. */
export function toRichBody(body: SendBody): RichBody {
  return typeof body === "string" ? { content: body } : body;
}

/** Whether a body has nothing to show (a keyboard alone does not count). */
export function isEmptyBody(body: RichBody): boolean {
  const hasText = typeof body.content === "string" && body.content.trim() !== "";
  return !hasText && !body.markdown && !body.ark && !body.embed && !body.image && !body.media;
}

/**
 * Split a body whose text is longer than `maxTextLength` into parts. Only plain content is split
 * (not markdown, ark or embed messages); the earlier parts are text only and the last part keeps
 * every other field (media, image, keyboard) so they come after the whole text.
 */
export function planParts(body: RichBody, maxTextLength: number): RichBody[] {
  const { content, ...rest } = body;
  if (content === undefined || content.length <= maxTextLength || rest.markdown || rest.ark || rest.embed) return [body];
  const chunks = splitText(content, maxTextLength);
  if (chunks.length === 0) return [rest];
  return chunks.map((chunk, i) => (i === chunks.length - 1 ? { ...rest, content: chunk } : { content: chunk }));
}

/** How one part refers to what it answers. */
export interface PartReply {
  ref: ReplyRef;
  /** `msg_seq` (C2C/group only). */
  msgSeq?: number;
  /** Add `message_reference` (a quote); the sender sets it on the first part of a message reply only. */
  quote: boolean;
}

function addReply(out: Record<string, unknown>, reply: PartReply | undefined, guild: boolean): void {
  if (!reply) return;
  if ("messageId" in reply.ref) out["msg_id"] = reply.ref.messageId;
  else out["event_id"] = reply.ref.eventId;
  if (!guild && reply.msgSeq !== undefined) out["msg_seq"] = reply.msgSeq;
  if (reply.quote && "messageId" in reply.ref) {
    out["message_reference"] = guild
      ? { message_id: reply.ref.messageId, ignore_get_message_error: true }
      : { message_id: reply.ref.messageId };
  }
}

function setIf(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) out[key] = value;
}

/**
 * The JSON body of one send request.
 * - C2C/group: `msg_type` (7 media when `fileInfo` is given, else 2 markdown, 3 ark, 4 embed, 0 text),
 *   `content` (" " for media without text), rich fields, `media: {file_info}`, `msg_id`/`event_id`, `msg_seq`.
 * - Channel/DM: content/embed/ark/image/markdown/keyboard, `msg_id`/`event_id`; no `msg_type`/`msg_seq`.
 */
export function buildRequestBody(
  kind: BodyKind,
  part: RichBody,
  options: { fileInfo?: string; reply?: PartReply } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (kind === "channel" || kind === "direct") {
    for (const key of ["content", "embed", "ark", "image", "markdown", "keyboard"] as const) setIf(out, key, part[key]);
    addReply(out, options.reply, true);
    return out;
  }
  const fileInfo = options.fileInfo;
  out["msg_type"] =
    fileInfo !== undefined ? MsgType.Media
    : part.markdown ? MsgType.Markdown
    : part.ark ? MsgType.Ark
    : part.embed ? MsgType.Embed
    : MsgType.Text;
  const content = part.content;
  if (fileInfo !== undefined) out["content"] = content && content.trim() !== "" ? content : " ";
  else setIf(out, "content", content);
  for (const key of ["markdown", "keyboard", "ark", "embed"] as const) setIf(out, key, part[key]);
  if (fileInfo !== undefined) out["media"] = { file_info: fileInfo };
  addReply(out, options.reply, false);
  return out;
}
