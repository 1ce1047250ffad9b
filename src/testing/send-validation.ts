/**
 * Validation of message sends as the platform does it (PROTOCOL.md Part B §6, §7):
 * body shape per `msg_type`, passive-reply reference (`msg_id` / `event_id`) of the same
 * target and within its window, `msg_id`+`msg_seq` dedupe, and the per-`msg_id` reply cap.
 * Throws {@link PlatformHttpError}; on success returns a claim to commit once sent.
 */
import type { MediaStore } from "./media-store.js";
import { PlatformError } from "./platform-errors.js";
import type { ReplyableEntry, ReplyLedger, TargetKind } from "./reply-ledger.js";
import { fail, isObject } from "./routes/fields.js";

/** What validation needs to know. */
export interface SendContext {
  ledger: ReplyLedger;
  media: MediaStore;
  /** Simulator-clock now. */
  now: number;
  windows: { c2cMs: number; groupMs: number; guildMs: number; maxRepliesPerMsgId: number };
}

/** A validated reply, to be committed once the message counts as sent. */
export interface ReplyClaim {
  entry: ReplyableEntry;
  seq: number | undefined;
}

/** `msg_type` values the platform accepts: text, 图文, markdown, ark, embed, media. */
export const MSG_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 3, 4, 7]);

type Body = Record<string, unknown>;

const nonEmptyString = (v: unknown): v is string => typeof v === "string" && v.length > 0;

function asBody(body: unknown): Body {
  return isObject(body) ? body : fail(PlatformError.PARAM_INVALID, "body must be a JSON object");
}

function checkContentType(body: Body): void {
  if (body.content !== undefined && typeof body.content !== "string") fail(PlatformError.PARAM_INVALID, "content must be a string");
}

function windowOf(kind: TargetKind, w: SendContext["windows"]): number {
  return kind === "c2c" ? w.c2cMs : kind === "group" ? w.groupMs : w.guildMs;
}

/** Check the body of a C2C or group send (`POST /v2/{users|groups}/{id}/messages`). */
export function validateV2Send(kind: "c2c" | "group", targetId: string, raw: unknown, ctx: SendContext): ReplyClaim {
  const body = asBody(raw);
  checkContentType(body);
  const msgType = body.msg_type ?? 0;
  if (typeof msgType !== "number" || !MSG_TYPES.has(msgType)) fail(PlatformError.MSG_TYPE_INVALID, `msg_type ${JSON.stringify(msgType)}`);
  const hasAny = nonEmptyString(body.content) || ["markdown", "ark", "embed", "media"].some((k) => isObject(body[k]));
  if (!hasAny) fail(PlatformError.EMPTY_MESSAGE);
  const need = (field: string): void => {
    if (!isObject(body[field])) fail(PlatformError.FIELD_REQUIRED, `msg_type ${String(msgType)} requires ${field}`);
  };
  if (msgType === 0 && !nonEmptyString(body.content)) fail(PlatformError.FIELD_REQUIRED, "msg_type 0 requires content");
  if (msgType === 2) need("markdown");
  if (msgType === 3) need("ark");
  if (msgType === 4) need("embed");
  if (msgType === 7) checkMedia(kind, body, ctx.media);
  const seq = body.msg_seq ?? 1;
  if (typeof seq !== "number" || !Number.isInteger(seq) || seq < 0) fail(PlatformError.PARAM_INVALID, "msg_seq must be a non-negative integer");
  const entry = replyEntry(kind, targetId, body, ctx) ?? fail(PlatformError.PROACTIVE_FORBIDDEN);
  if (entry.seqs.has(seq)) fail(PlatformError.MSG_SEQ_DUPLICATE);
  if (entry.replies >= ctx.windows.maxRepliesPerMsgId) fail(PlatformError.MSG_ID_INVALID);
  return { entry, seq };
}

function checkMedia(kind: "c2c" | "group", body: Body, media: MediaStore): void {
  const info = isObject(body.media) ? body.media.file_info : undefined;
  const upload = typeof info === "string" ? media.lookup(info) : undefined;
  if (!upload || upload.kind !== kind) fail(PlatformError.MEDIA_INVALID);
  if (!nonEmptyString(body.content)) fail(PlatformError.MEDIA_CONTENT_REQUIRED);
}

/** The pushed message/event a v2 send replies to; `undefined` = a proactive send. */
function replyEntry(kind: TargetKind, targetId: string, body: Body, ctx: SendContext): ReplyableEntry | undefined {
  const fresh = (e: ReplyableEntry): boolean => ctx.now - e.at <= windowOf(kind, ctx.windows);
  if (nonEmptyString(body.msg_id)) {
    const e = ctx.ledger.message(body.msg_id);
    if (!e || e.kind !== kind || e.targetId !== targetId || !fresh(e)) fail(PlatformError.MSG_ID_INVALID);
    return e;
  }
  if (nonEmptyString(body.event_id)) {
    const e = ctx.ledger.event(body.event_id);
    if (!e || e.kind !== kind || e.targetId !== targetId || !fresh(e)) fail(PlatformError.EVENT_ID_INVALID);
    return e;
  }
  return undefined;
}

/** Check the body of a guild channel or DM send; proactive guild sends are allowed. */
export function validateGuildSend(kind: "channel" | "dms", targetId: string, raw: unknown, ctx: SendContext): ReplyClaim | undefined {
  const body = asBody(raw);
  checkContentType(body);
  // `file_image` is a file part of a multipart body (see form-body.ts); in JSON it is not a file.
  if (body.file_image !== undefined && !(isObject(body.file_image) && typeof body.file_image.size === "number")) fail(PlatformError.FORM_INVALID, "file_image must be a file part of a multipart/form-data body");
  const hasAny = nonEmptyString(body.content) || nonEmptyString(body.image) || ["embed", "ark", "markdown", "file_image"].some((k) => isObject(body[k]));
  if (!hasAny) fail(PlatformError.EMPTY_MESSAGE);
  if (nonEmptyString(body.msg_id)) {
    const e = ctx.ledger.message(body.msg_id);
    if (!e || e.kind !== kind || e.targetId !== targetId) fail(PlatformError.GUILD_REPLY_ID_INVALID);
    if (ctx.now - e.at > ctx.windows.guildMs) fail(PlatformError.GUILD_REPLY_EXPIRED);
    return { entry: e, seq: undefined };
  }
  if (nonEmptyString(body.event_id)) {
    const e = ctx.ledger.event(body.event_id);
    if (!e || e.kind !== kind || e.targetId !== targetId || ctx.now - e.at > ctx.windows.guildMs) fail(PlatformError.EVENT_ID_INVALID);
    return { entry: e, seq: undefined };
  }
  return undefined;
}

/** Count a successful reply against its msg_id/event_id. */
export function commitReply(claim: ReplyClaim | undefined): void {
  if (!claim) return;
  claim.entry.replies += 1;
  if (claim.seq !== undefined) claim.entry.seqs.add(claim.seq);
}
