/**
 * The messages layer: inbound normalisation, typed events, dedupe, sending and replies.
 * Pure functions and operators plus a sender over an injected `RestClient`; `createBot` wires them.
 *
 * @example
 * ```ts
 * const sender = createSender({ rest, counters, logger, scheduler });
 * const result = normalizeMessage(frame, { shard: 0, botUserId, reply: replyFactory(sender) });
 * ```
 */
export type {
  Message, MessageAttachment, MessageAuthor, MessageKind, MessageMention, MessageTarget, ReplyFactory,
} from "./message.js";
export { normalizeMessage, isMessageEventType, type NormalizeContext, type NormalizeResult } from "./normalize.js";
export { absoluteUrl, normalizeAttachments } from "./attachments.js";
export { stripBotMention } from "./mention.js";
export {
  toGatewayEvent, isGatewayEvent, isKnownEventType,
  type GatewayEvent, type GatewayEventOf, type KnownGatewayEvent, type UnknownGatewayEvent,
} from "./events.js";
export { ackInteraction, InteractionAckCode } from "./interaction.js";
export { dedupeBy, createDedupeCache, type DedupeByOptions } from "./dedupe.js";
export { createReplySeq, DEFAULT_REPLY_SEQ_OPTIONS, type ReplySeq, type ReplySeqOptions } from "./reply-seq.js";
export { splitText, DEFAULT_MAX_TEXT_LENGTH } from "./split-text.js";
export {
  buildRequestBody, planParts, toRichBody, isEmptyBody, MsgType,
  type SendBody, type RichBody, type MarkdownBody, type MarkdownParam, type MediaSpec, type MediaFileType, type BodyKind, type PartReply,
} from "./send-body.js";
export {
  messagePath, filesPath, describeTarget, replyRefId,
  type SendTarget, type ResolvedTarget, type ReplyRef, type C2CTarget, type GroupTarget, type ChannelTarget,
  type DirectTarget, type DirectSessionTarget, type DirectUserTarget,
} from "./target.js";
export { readPartResult, readSendAnswer, parseTimestamp, findAuditId, type SentMessage, type PartResult } from "./sent-message.js";
export { createSender, replyFactory, type Sender, type SenderOptions } from "./sender.js";
export { timedSender, type SendRecord } from "./timed-sender.js";
export { claimOnce, createDeliveryClaims, deliveryClaimKey, type DeliveryClaims, type DeliveryClaimOptions } from "./shared-dedupe.js";
export { uploadMedia, uploadRequestBody, guildImageUrl, hasMediaSource, FILE_TYPE_CODES, type UploadedMedia } from "./media.js";
export { createDirectSessions, DM_SESSION_PATH, type DirectSessions } from "./direct-session.js";
export {
  toSendError, isSendRateLimited, auditIdOfError, localSendError, SEND_ERROR_CODES, AUDIT_PENDING_CODES, type SendErrorContext,
} from "./send-errors.js";
