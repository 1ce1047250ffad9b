/**
 * `qqbot-rx/testing`: a simulated QQ Bot platform (token endpoint, OpenAPI, WebSocket
 * gateway) on loopback, with fault injection and counters, for integration tests, demos
 * and users' own bot tests. Independent of the client code: it shares only `protocol/`.
 *
 * @example
 * ```ts
 * import { startSimulatedPlatform } from "qqbot-rx/testing";
 * const platform = await startSimulatedPlatform({ gatewayRateLimit: { calls: 2, windowMs: 60_000 } });
 * // createBot({ appId: platform.appId, clientSecret: platform.clientSecret, apiBase: platform.apiBase, tokenUrl: platform.tokenUrl, … })
 * await platform.close();
 * ```
 */
export { startSimulatedPlatform } from "./platform.js";
export type { SimulatedPlatform, PushedEvent, SessionInfo } from "./types.js";
export type { SimulatedPlatformOptions, SimulatedWebhookOptions } from "./options.js";
export type { SimulatedWebhook, WebhookAttempt, WebhookDelivery, WebhookValidation, WebhookStats } from "./webhook-delivery.js";
export type { WebhookFaults, WebhookSignatureFault } from "./webhook-faults.js";
export { SIMULATOR_DEFAULTS } from "./options.js";
export type { SimulatorStats } from "./stats.js";
export type {
  SimulatorFaults, GatewayResponseFault, TokenFailureFault, UpgradeFault, MalformedFrameKind,
} from "./faults.js";
export type { MilestoneName } from "./milestones.js";
export type { RecordedRequest, SentMessageRecord } from "./records.js";
export type { PushMessageKind, Scene } from "./payload-factory.js";
export { MESSAGE_KIND_EVENT } from "./payload-factory.js";
export { PlatformError, type PlatformErrorSpec, type ErrorBody } from "./platform-errors.js";
export { TOKEN_RENEWAL_WINDOW_MS } from "./token-service.js";
export type { SimulatedGuilds, SimulatedEmoji, SimulatedAnnounce } from "./world/public.js";
export type { RequestMatch, RequestFailure } from "./rest-faults.js";
export type { FormFile } from "./form-body.js";
export { RECALL_WINDOW_MS } from "./routes/message-extra-routes.js";
