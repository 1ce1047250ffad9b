/**
 * qqbot-rx: QQ Bot open platform gateway client with reactive message streams.
 *
 * @example
 * ```ts
 * import { createBot, Intents } from "qqbot-rx";
 * const bot = createBot({ appId, clientSecret, intents: Intents.PUBLIC_MESSAGES });
 * bot.messages$.subscribe((msg) => void msg.reply(`echo: ${msg.text}`));
 * ```
 */
export { createBot, type Bot } from "./bot.js";
export type { BotOptions } from "./bot-options.js";
export { DEFAULT_RECONNECT_POLICY, resolveReconnectPolicy, type ReconnectPolicy, type ShardsOption } from "./gateway/options.js";
export { DEFAULT_HTTP_OPTIONS, PLATFORM_ENDPOINTS, type HttpOptions } from "./http/options.js";
export { DEFAULT_REST_OPTIONS, type RestOptions } from "./http/rest-options.js";
export { apiErrorCodeOf, type ApiErrorCode } from "./http/platform-codes.js";
export { DEFAULT_DEDUPE_OPTIONS, DEFAULT_SEND_OPTIONS, type DedupeOptions, type SendOptions } from "./messages/options.js";
export {
  QQBotError, QQBotConfigError, QQApiError, QQAuthError, QQNetworkError, QQSendError, GatewayRateLimitedError,
  GatewayResponseError, GatewayFatalError, ProtocolError, safeMessage, redact,
  type ConfigProblem, type GatewayFatalCode, type SendErrorCode,
} from "./errors.js";
export type { Logger } from "./logger.js";
export type { BotStats, StatName } from "./stats.js";
export { ConnectionState, type StateChange } from "./transport/state.js";
export type { Disconnect, DisconnectCause } from "./gateway/types.js";
export { LocalIdentifyThrottler, RedisIdentifyThrottler, type IdentifyThrottler } from "./gateway/identify-throttler.js";
export { Intents, OpCode, CLOSE_CODE_ACTIONS, closeCodeAction, type IntentName, type ConnectionAction } from "./protocol/index.js";
export type { EventDataMap, KnownEventType, MessageEventType } from "./protocol/events.js";
export {
  MemoryStore, FileStore, RedisStore, ResilientStore, StoreLockTimeoutError, type Store, type FileStoreOptions, type RedisStoreOptions,
} from "./store/index.js";
export {
  createWebhookHandler, nodeWebhookListener, createWebhookSigner, verifyWebhookRequest, DEFAULT_WEBHOOK_OPTIONS, WEBHOOK_ACK,
  type WebhookOptions, type WebhookMount, type WebhookHandler, type WebhookHandlerOptions, type WebhookRequest,
  type WebhookRequestHandler, type WebhookResponse, type WebhookRejectReason, type WebhookDispatch,
} from "./webhook/index.js";
export {
  ackInteraction, InteractionAckCode,
  type Message, type MessageAttachment, type MessageAuthor, type MessageKind, type MessageTarget, type GatewayEvent,
  type GatewayEventOf, type KnownGatewayEvent, type UnknownGatewayEvent, type SendBody, type SendTarget, type SentMessage,
  type MarkdownBody, type MediaSpec, type ReplyRef,
} from "./messages/index.js";

// Types the public API refers to, exported so that users can name them (and the API docs link them).
export type { EventBase } from "./messages/events.js";
export type { C2CTarget, GroupTarget, ChannelTarget, DirectTarget, DirectSessionTarget, DirectUserTarget } from "./messages/target.js";
export type { RichBody, MarkdownParam, MediaFileType } from "./messages/send-body.js";
export type { MessageMention } from "./messages/message.js";
export {
  MESSAGE_EVENT_TYPES,
  type SessionAction, type TokenAction, type DelayAction, type GatewayPayload,
  type C2CMessageData, type GroupAtMessageData, type GuildMessageData, type FriendEventData, type GroupEventData,
  type InteractionData, type MessageAuditData, type RawAttachment, type RawGuildUser,
} from "./protocol/index.js";
export type { QQBotErrorOptions, QQApiErrorFields, QQSendErrorFields, GatewayFatalFields } from "./errors.js";
export type { Counters } from "./stats.js";
export type { LocalIdentifyThrottlerOptions, RedisIdentifyThrottlerOptions } from "./gateway/identify-throttler.js";
export type { ResilientStoreOptions } from "./store/resilient-store.js";
export type { RedisConnection, IoredisImporter, IoredisModule } from "./store/redis-client.js";
export type { RestClient, RestRequestOptions } from "./http/types.js";

// bot.api: the OpenAPI endpoint table, the typed methods derived from it, and the platform's request/response types.
export type * from "./api/qq-api.js";
export type {
  AreaApi, ApiMethod, PagedMethod, PagedEndpoint, Pager, CallOptions, CallParams, HasRequired, IsVoid, RequestOptions, ArgsOf, InputPart,
  PathParams, PathParamNames, InputOf, OutputOf, ItemOf,
} from "./api/api-types.js";
export type {
  EndpointSpec, EndpointTypes, Endpoint, Typed, Paging, HttpMethod, PeerSdk, InputPlacement,
} from "./protocol/endpoints/index.js";
export type * from "./protocol/models/index.js";
export type { WebhookSigner } from "./webhook/signing.js";
export type { EventClaims } from "./webhook/claim.js";
export type { ProcessedWebhook } from "./webhook/handler.js";
export type { NodeWebhookListenerOptions } from "./webhook/node-handler.js";
export type { WebhookHeaders, WebhookVerification, VerifyContext, WebhookRejection } from "./webhook/verify-request.js";
