/**
 * Health: `bot.health()` / `bot.health$` and the liveness and readiness probes over them.
 *
 * @example
 * ```ts
 * import { nodeHealthListener } from "qqbot-rx";
 * http.createServer(nodeHealthListener(bot)).listen(8081); // GET /healthz, GET /readyz
 * ```
 */
export {
  HealthStatus, applyStateChange, downSinceAfter, initialHealth, isLive, isReady, statusOf, withFatalError,
  type BotHealth, type ShardHealth,
} from "./health.js";
export { createHealthTracker, type HealthTracker } from "./health-tracker.js";
export {
  createHealthHandler, DEFAULT_HEALTH_PROBE_OPTIONS,
  type HealthProbeOptions, type HealthRequest, type HealthRequestHandler, type HealthResponse, type HealthSource,
} from "./probe.js";
export { nodeHealthListener, type NodeHealthListenerOptions } from "./node-listener.js";
