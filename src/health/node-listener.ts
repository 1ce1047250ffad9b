/**
 * The health probes as a Node `(req, res)` listener: `/healthz` and `/readyz` are answered,
 * every other request goes to `fallback` (another listener of yours, such as a `/metrics`
 * route) or gets a 404.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHealthHandler, type HealthProbeOptions, type HealthSource } from "./probe.js";

/** Options of {@link nodeHealthListener}. */
export interface NodeHealthListenerOptions extends Partial<HealthProbeOptions> {
  /** Serves every request that is not a probe. @defaultValue a 404 */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * A Node `http` request listener answering the liveness and readiness probes of `source`.
 *
 * @example
 * ```ts
 * const server = http.createServer(nodeHealthListener(bot)).listen(8081);
 * ```
 */
export function nodeHealthListener(source: HealthSource, options: NodeHealthListenerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const { fallback, ...paths } = options;
  const probes = createHealthHandler(source, paths);
  return (req, res) => {
    const response = probes({ method: req.method, path: new URL(req.url ?? "/", "http://probe.invalid").pathname });
    if (response) {
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    } else if (fallback) {
      fallback(req, res);
    } else {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "not-found" }));
    }
  };
}
