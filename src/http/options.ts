/**
 * The HTTP layer's options: where the platform is, and the client's limits (one defaults
 * object), with their validation.
 */
import { checkKnownKeys, checkNumber, checkObject, type Problems } from "../option-checks.js";

/** Platform endpoints. */
export const PLATFORM_ENDPOINTS = {
  /** Where access tokens come from. */
  tokenUrl: "https://bots.qq.com/app/getAppAccessToken",
  /** The OpenAPI base. */
  apiBase: "https://api.sgroup.qq.com",
  /** The OpenAPI base with `sandbox: true`. */
  sandboxApiBase: "https://sandbox.api.sgroup.qq.com",
} as const;

/** HTTP client limits. */
export interface HttpOptions {
  /** TCP/TLS connect limit. */
  connectTimeoutMs: number;
  /** Time to response headers. */
  headersTimeoutMs: number;
  /** Idle time while reading the body. */
  bodyTimeoutMs: number;
  /** Whole request limit (`AbortSignal.timeout`). */
  requestTimeoutMs: number;
  /** Connections per origin. */
  connections: number;
  /** Largest response body read; larger ones are an error. */
  maxResponseBytes: number;
}

/** Defaults of {@link HttpOptions}. */
export const DEFAULT_HTTP_OPTIONS = {
  /** @inheritDoc HttpOptions.connectTimeoutMs */
  connectTimeoutMs: 5_000,
  /** @inheritDoc HttpOptions.headersTimeoutMs */
  headersTimeoutMs: 10_000,
  /** @inheritDoc HttpOptions.bodyTimeoutMs */
  bodyTimeoutMs: 10_000,
  /** @inheritDoc HttpOptions.requestTimeoutMs */
  requestTimeoutMs: 15_000,
  /** @inheritDoc HttpOptions.connections */
  connections: 8,
  /** @inheritDoc HttpOptions.maxResponseBytes */
  maxResponseBytes: 4 * 1024 * 1024,
} as const satisfies HttpOptions;

/** Every problem with an `http` option object (empty when valid or `undefined`). */
export function httpProblems(input: unknown, prefix = "http"): Problems {
  const problems: Problems = [];
  if (!checkObject(problems, prefix, input)) return problems;
  checkKnownKeys(problems, prefix, input, DEFAULT_HTTP_OPTIONS, "an http option");
  for (const [k, v] of Object.entries(input)) {
    if (k in DEFAULT_HTTP_OPTIONS) checkNumber(problems, `${prefix}.${k}`, v, k === "connections" ? { integer: true, min: 1 } : {});
  }
  return problems;
}
