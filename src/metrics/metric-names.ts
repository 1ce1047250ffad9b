/**
 * Prometheus names for qqbot-rx's metrics: a prefix (default `qqbot_rx_`) and snake_case.
 */

/** A valid Prometheus metric name (or prefix). */
export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** `gatewayFetches` → `gateway_fetches`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The counter of one `BotStats` field: `<prefix><snake_case>_total`. */
export function counterName(prefix: string, stat: string): string {
  return `${prefix}${snakeCase(stat)}_total`;
}
