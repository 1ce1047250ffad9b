/**
 * Webhook (HTTP callback) delivery: the same `messages$` from signed callbacks.
 * `createBot({ transport: "webhook", webhook: { port, path } })` uses {@link webhookTransport};
 * the pieces are exported for apps that run their own HTTP server.
 *
 * @example
 * ```ts
 * import { createWebhookHandler, nodeWebhookListener } from "qqbot-rx";
 * const webhook = createWebhookHandler({ appId, clientSecret, onDispatch: (p) => console.log(p.t, p.d) });
 * http.createServer(nodeWebhookListener(webhook, { path: "/qq" })).listen(8080);
 * ```
 */
export { createWebhookSigner, keyPairFromSeed, webhookSeed, type WebhookSigner } from "./signing.js";
export {
  verifyWebhookRequest, headerValue, WEBHOOK_HEADERS,
  type WebhookHeaders, type WebhookRequest, type WebhookRejection, type WebhookRejectReason, type WebhookVerification,
} from "./verify-request.js";
export {
  createWebhookHandler, WEBHOOK_ACK,
  type WebhookHandler, type WebhookHandlerOptions, type WebhookRequestHandler, type WebhookResponse, type WebhookDispatch, type ProcessedWebhook,
} from "./handler.js";
export { nodeWebhookListener, type NodeWebhookListenerOptions } from "./node-handler.js";
export { listen, type ListenOptions, type WebhookListener } from "./listen.js";
export { createEventClaims, eventKey, webhookClaimKey, type EventClaims, type EventClaimOptions } from "./claim.js";
export {
  DEFAULT_WEBHOOK_OPTIONS, resolveWebhookOptions, webhookOptionProblems, type WebhookOptions, type WebhookMount,
} from "./options.js";
export { webhookTransport, type WebhookTransportConfig } from "./webhook-transport.js";
