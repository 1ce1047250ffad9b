/**
 * `createApi(rest)`: walks the endpoint table once and builds `bot.api`, one function per row
 * (plus `.pages()`/`.all()` on paged rows). Every call goes through the given `RestClient`,
 * which in a bot is the REST policy over the authenticated client, so auth, token refresh,
 * redaction, typed errors and retries are the same for every endpoint.
 */
import type { RestClient } from "../http/types.js";
import { ENDPOINTS } from "../protocol/endpoints/index.js";
import type { EndpointSpec } from "../protocol/endpoints/endpoint.js";
import type { CallOptions } from "./api-types.js";
import { pageItems, pages } from "./paginate.js";
import type { QQApi } from "./qq-api.js";
import { requestParts } from "./request-parts.js";

/** One row's function: build the request, send it, resolve to the parsed answer. */
function method(rest: RestClient, spec: EndpointSpec, name: string) {
  const what = `bot.api.${name}`;
  const call = (args?: Record<string, unknown>, options: CallOptions = {}): Promise<unknown> => {
    try {
      const { path, body, query } = requestParts(spec, args, what);
      const answer = rest.request(spec.method, path, body, { ...options, ...(query ? { query } : {}) });
      return spec.unwrap === undefined ? answer : answer.then((out) => unwrapped(out, spec.unwrap as string));
    } catch (err) {
      return Promise.reject(err);
    }
  };
  if (!spec.paging) return call;
  const paging = spec.paging;
  return Object.assign(call, {
    pages: (args?: Record<string, unknown>, options?: CallOptions) => pages((a) => call(a, options), paging, args),
    all: (args?: Record<string, unknown>, options?: CallOptions) => pageItems((a) => call(a, options), paging, args),
  });
}

/** What is inside `{ [field]: … }` when the answer is such a wrapper (and not the object itself). */
function unwrapped(out: unknown, field: string): unknown {
  if (typeof out !== "object" || out === null || "id" in out) return out;
  const inner = (out as Record<string, unknown>)[field];
  return typeof inner === "object" && inner !== null ? inner : out;
}

/** Build `bot.api` over `rest` from the endpoint table. */
export function createApi(rest: RestClient): QQApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [area, rows] of Object.entries(ENDPOINTS)) {
    const methods: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(rows as Record<string, EndpointSpec>)) methods[name] = method(rest, spec, `${area}.${name}`);
    api[area] = Object.freeze(methods);
  }
  return Object.freeze(api) as unknown as QQApi;
}
