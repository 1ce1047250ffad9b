/**
 * A tiny route table for the simulated REST API: method + path pattern → handler, with
 * path parameters. An unknown path is a 404, a known path with another method a 405.
 */
import type { IncomingHttpHeaders } from "node:http";

/** What a handler gets. */
export interface RouteRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The raw body text ("" when none). */
  rawBody: string;
  /** The parsed JSON body (or the fields of a `multipart/form-data` body) when the route declares `jsonBody`. */
  body: unknown;
  traceId: string;
  /** The request came to the sandbox API base (option `sandbox`). */
  sandbox: boolean;
}

/** What a handler answers: JSON, raw text, or nothing (204-style). */
export type RouteReply =
  | { status: number; json: unknown }
  | { status: number; text: string; contentType: string }
  | { status: number; empty: true };

/** One route. `:name` segments become `params.name`. */
export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** Whether `Authorization: QQBot <token>` is required. */
  auth: boolean;
  /** Whether the body must be JSON (`"optional"`: JSON when there is one). */
  jsonBody?: boolean | "optional";
  /** Whether a `multipart/form-data` body is accepted too (its fields become `body`). */
  formBody?: boolean;
  handle(req: RouteRequest): RouteReply | Promise<RouteReply>;
}

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

/** Result of matching a request. */
export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "not-found" }
  | { kind: "method-not-allowed" };

/** Matches requests to routes. */
export class RestRouter {
  private readonly compiled: Compiled[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split("/")
        .map((seg) => {
          if (!seg.startsWith(":")) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(seg.slice(1));
          return "([^/]+)";
        })
        .join("/");
      return { route, regex: new RegExp(`^${source}/?$`), names };
    });
  }

  /** Find the route for `method` and `path`. */
  match(method: string, path: string): RouteMatch {
    let pathKnown = false;
    for (const c of this.compiled) {
      const m = c.regex.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (c.route.method !== method) continue;
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1] ?? "");
      });
      return { kind: "found", route: c.route, params };
    }
    return pathKnown ? { kind: "method-not-allowed" } : { kind: "not-found" };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
