/**
 * qqbot-rx: QQ Bot open platform gateway client with reactive message streams.
 *
 * The public surface is what a bot author names: `createBot` and its options (each with its
 * defaults object), the streams' values (messages, events, states, stats), what `send`/`reply`
 * take and return, the errors to switch on, and the seams to plug in (stores, identify
 * throttlers, a logger). Everything else is internal.
 *
 * @example
 * ```ts
 * import { createBot, Intents } from "qqbot-rx";
 * const bot = createBot({ appId, clientSecret, intents: Intents.PUBLIC_MESSAGES });
 * bot.messages$.subscribe((msg) => void msg.reply(`echo: ${msg.text}`));
 * ```
 */

// The bot and its options.
export { createBot, type Bot } from "./bot.js";
export type { BotOptions } from "./bot-options.js";
export { Intents } from "./protocol/intents.js";
export { DEFAULT_RECONNECT_POLICY, type ReconnectPolicy, type ShardsOption } from "./gateway/options.js";
export { DEFAULT_HTTP_OPTIONS, PLATFORM_ENDPOINTS, type HttpOptions } from "./http/options.js";
export { DEFAULT_REST_OPTIONS, type RestOptions } from "./http/rest-options.js";
export { apiErrorCodeOf, type ApiErrorCode } from "./http/platform-codes.js";
export { DEFAULT_DEDUPE_OPTIONS, DEFAULT_SEND_OPTIONS, type DedupeOptions, type SendOptions } from "./messages/options.js";
export { DEFAULT_WEBHOOK_OPTIONS, type WebhookOptions, type WebhookMount } from "./webhook/options.js";
export type { WebhookRequestHandler, WebhookResponse } from "./webhook/handler.js";
export type { WebhookHeaders, WebhookRequest, WebhookRejectReason } from "./webhook/verify-request.js";

// Operating it: health and probes, timed sends, graceful shutdown (metrics: `qqbot-rx/metrics`).
export { HealthStatus, type BotHealth, type ShardHealth } from "./health/health.js";
export {
  createHealthHandler, DEFAULT_HEALTH_PROBE_OPTIONS,
  type HealthProbeOptions, type HealthRequest, type HealthRequestHandler, type HealthResponse, type HealthSource,
} from "./health/probe.js";
export { nodeHealthListener, type NodeHealthListenerOptions } from "./health/node-listener.js";
export type { SendRecord } from "./messages/timed-sender.js";
export {
  closeOnSignal, DEFAULT_CLOSE_ON_SIGNAL_OPTIONS, type CloseOnSignalOptions, type Closable, type ShutdownHandle, type SignalProcess,
} from "./close-on-signal.js";

// What the streams carry.
export { ConnectionState, type StateChange } from "./transport/state.js";
export type { BotStats, StatName } from "./stats.js";
export type { Message, MessageAttachment, MessageAuthor, MessageKind, MessageMention, MessageTarget } from "./messages/message.js";
export type { EventBase, GatewayEvent, GatewayEventOf, KnownGatewayEvent, UnknownGatewayEvent } from "./messages/events.js";
export { MESSAGE_EVENT_TYPES } from "./protocol/events.js";
export type {
  EventDataMap, KnownEventType, MessageEventType, C2CMessageData, GroupAtMessageData, GuildMessageData, FriendEventData,
  GroupEventData, InteractionData, MessageAuditData, RawAttachment, RawGuildUser,
} from "./protocol/events.js";

// Sending and replying.
export type { SendBody, RichBody, MarkdownBody, MarkdownParam, MediaSpec, MediaFileType } from "./messages/send-body.js";
export type {
  SendTarget, ReplyRef, C2CTarget, GroupTarget, ChannelTarget, DirectTarget, DirectSessionTarget, DirectUserTarget,
} from "./messages/target.js";
export type { SentMessage } from "./messages/sent-message.js";
export { InteractionAckCode } from "./messages/interaction.js";

// Errors: one base class, stable codes.
export {
  QQBotError, QQBotConfigError, QQApiError, QQAuthError, QQAccessRefusedError, QQNetworkError, QQSendError, QQBotClosedError,
  TokenRateLimitedError, GatewayRateLimitedError, GatewayResponseError, GatewayFatalError, ProtocolError, safeMessage,
  type ConfigProblem, type GatewayFatalCode, type SendErrorCode,
  type QQBotErrorOptions, type QQApiErrorFields, type QQSendErrorFields, type GatewayFatalFields,
} from "./errors.js";

// Seams: a logger, stores, identify throttlers.
export type { Logger } from "./logger.js";
export type { Store } from "./store/store.js";
export { MemoryStore } from "./store/memory-store.js";
export { FileStore, type FileStoreOptions } from "./store/file-store.js";
export { RedisStore, type RedisStoreOptions } from "./store/redis-store.js";
export type { RedisConnection, IoredisImporter, IoredisModule } from "./store/redis-client.js";
export { StoreLockTimeoutError } from "./store/lock-wait.js";
export {
  LocalIdentifyThrottler, RedisIdentifyThrottler,
  type IdentifyThrottler, type LocalIdentifyThrottlerOptions, type RedisIdentifyThrottlerOptions,
} from "./gateway/identify-throttler.js";

// bot.api and bot.request: the OpenAPI endpoint table, the typed methods derived from it, the platform's request/response types.
export type { RestClient, RestRequestOptions } from "./http/types.js";
export type * from "./api/qq-api.js";
export type {
  AreaApi, ApiMethod, PagedMethod, PagedEndpoint, Pager, CallOptions, CallParams, HasRequired, IsVoid, RequestOptions, ArgsOf, InputPart,
  PathParams, PathParamNames, InputOf, OutputOf, ItemOf,
} from "./api/api-types.js";
export type {
  EndpointSpec, EndpointTypes, Endpoint, Typed, Paging, HttpMethod, PeerSdk, InputPlacement,
} from "./protocol/endpoints/index.js";
export type * from "./protocol/models/index.js";
