/**
 * Injected failures of OpenAPI calls: the next N requests matching a method and a path answer
 * with a platform error (a rate limit, a 5xx, any code) or have their connection reset. Lets
 * tests and users see how a bot copes with 429, 22009, 20028, 500 or a dropped connection on
 * any endpoint.
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

interface Pending {
  match: RequestMatch;
  failure: RequestFailure;
  remaining: number;
}

/** The pending request failures, consumed in the order they were added. */
export class RestFaults {
  private pending: Pending[] = [];

  /** Fail the next `times` matching requests. */
  add(match: RequestMatch, failure: RequestFailure, times: number): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${String(times)}`);
    this.pending.push({ match, failure, remaining: times });
  }

  /** The failure for this request, if one is pending (and count it down). */
  take(method: string, path: string): RequestFailure | undefined {
    const hit = this.pending.find((p) => matches(p.match, method, path));
    if (!hit) return undefined;
    hit.remaining -= 1;
    if (hit.remaining === 0) this.pending = this.pending.filter((p) => p !== hit);
    return hit.failure;
  }

  /** Forget every pending failure. */
  clear(): void {
    this.pending = [];
  }
}

function matches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === "string" ? path.startsWith(match.path) : match.path.test(path);
}
