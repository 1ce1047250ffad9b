/**
 * Liveness and readiness probes over a bot's health, framework-neutral: a path (and method) in,
 * `{ status, headers, body }` out, or `undefined` for a path that is not a probe.
 *
 * | path | 200 when | 503 when |
 * |---|---|---|
 * | `/healthz` (liveness) | `idle`, `starting`, `ready`, `degraded` | `fatal`, `closed` |
 * | `/readyz` (readiness) | `ready` (every shard) | anything else |
 *
 * The body is the {@link BotHealth} as JSON (`status`, `since`, each shard's state, `error`).
 */
import { isLive, isReady, type BotHealth } from "./health.js";

/** Anything with a `health()` snapshot: a `Bot`. */
export interface HealthSource {
  /** The health now. */
  health(): BotHealth;
}

/** Where the probes answer. */
export interface HealthProbeOptions {
  /** Liveness path: fails only when the bot is `fatal` or `closed`. */
  livenessPath: string;
  /** Readiness path: passes only when every shard is ready. */
  readinessPath: string;
}

/** Defaults of {@link HealthProbeOptions}: the Kubernetes convention. */
export const DEFAULT_HEALTH_PROBE_OPTIONS = {
  /** @inheritDoc HealthProbeOptions.livenessPath */
  livenessPath: "/healthz",
  /** @inheritDoc HealthProbeOptions.readinessPath */
  readinessPath: "/readyz",
} as const satisfies HealthProbeOptions;

/** A probe answer. `body` is JSON text (empty for `HEAD`). */
export interface HealthResponse {
  /** 200 (passing), 503 (failing) or 405 (a method other than GET/HEAD). */
  status: number;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
  /** JSON text. */
  body: string;
}

/** What the handler reads from a request. */
export interface HealthRequest {
  /** HTTP method; `undefined` = GET. */
  method?: string | undefined;
  /** The request path, without the query string (a query string is ignored if present). */
  path: string;
}

/** Answers probe requests; `undefined` for any other path. */
export type HealthRequestHandler = (request: HealthRequest) => HealthResponse | undefined;

/**
 * Probes for `source` (a `Bot`) at `livenessPath` and `readinessPath`.
 *
 * @example
 * ```ts
 * const probes = createHealthHandler(bot);
 * probes({ path: "/readyz" })?.status; // 200 once every shard is ready
 * ```
 */
export function createHealthHandler(source: HealthSource, options: Partial<HealthProbeOptions> = {}): HealthRequestHandler {
  const paths = { ...DEFAULT_HEALTH_PROBE_OPTIONS, ...options };
  return (request): HealthResponse | undefined => {
    const path = request.path.split("?")[0];
    const probe = path === paths.livenessPath ? isLive : path === paths.readinessPath ? isReady : undefined;
    if (!probe) return undefined;
    const method = (request.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD") {
      return { status: 405, headers: { "content-type": "application/json", allow: "GET, HEAD" }, body: JSON.stringify({ error: "method-not-allowed" }) };
    }
    const health = source.health();
    return {
      status: probe(health) ? 200 : 503,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
      body: method === "HEAD" ? "" : JSON.stringify(health),
    };
  };
}
