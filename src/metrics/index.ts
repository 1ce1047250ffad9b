/**
 * `qqbot-rx/metrics`: Prometheus metrics for a bot through `prom-client` (an optional peer
 * dependency: install it to use this entry point; `qqbot-rx` itself never loads it).
 *
 * @example
 * ```ts
 * import { Registry } from "prom-client";
 * import { registerMetrics } from "qqbot-rx/metrics";
 * const registry = new Registry();
 * registerMetrics(bot, { registry, appId: process.env.QQ_APP_ID });
 * http.createServer(async (_req, res) => res.end(await registry.metrics())).listen(9464);
 * ```
 */
export { registerMetrics, DEFAULT_METRICS_OPTIONS, type MetricsOptions, type MetricsHandle, type MetricsSource } from "./register-metrics.js";
export { recoveryTimes, type Recovery } from "./recovery-times.js";
