/**
 * Injected failures of OpenAPI calls: the next N requests matching a method and a path answer
 * with a platform error (a rate limit, a 5xx, any code) or have their connection reset. Lets
 * tests and users see how a bot copes with 429, 22009, 20028, 500 or a dropped connection on
 * any endpoint. The pending ones queue in `FaultState.failRequests`.
 */
import type { PlatformErrorSpec } from "./platform-errors.js";

/** Which requests a fault applies to; every given field must match. */
export interface RequestMatch {
  /** HTTP method. */
  method?: string;
  /** A path prefix, or a pattern tested against the path. */
  path?: string | RegExp;
}

/** How matching requests fail: a platform error answer, or a reset connection (no answer). */
export type RequestFailure = PlatformErrorSpec | "reset";

/** A pending request failure: which requests, and how they fail. */
export interface RequestFault {
  match: RequestMatch;
  failure: RequestFailure;
}

/** Whether a request (upper-case `method`, URL `path`) is one `match` applies to. */
export function matchesRequest(match: RequestMatch, method: string, path: string): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === "string" ? path.startsWith(match.path) : match.path.test(path);
}
