/**
 * Plain HTTP servers on 127.0.0.1 (port 0) for tests of the HTTP layer: started with
 * {@link serve} (or {@link listen} for a server built by the test), remembered, and torn down
 * by {@link closeServers} (open connections dropped).
 *
 * @example
 * ```ts
 * afterEach(closeServers);
 * const srv = await serve(withBody((req, res, body) => res.end(body)));
 * await fetch(`${srv.url}/echo`, { method: "POST", body: "hi" });
 * ```
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A running loopback server. */
export interface Loopback {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every connection it accepted, in order. */
  sockets: Socket[];
  server: Server;
}

const servers: Server[] = [];

/** Listen on 127.0.0.1 at a free port; resolves with `http://127.0.0.1:<port>`. Closed by {@link closeServers}. */
export async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Start a server answering with `handler`, recording its connections. */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Loopback> {
  const server = createServer(handler);
  const sockets: Socket[] = [];
  server.on("connection", (s) => sockets.push(s));
  return { url: await listen(server), sockets, server };
}

/** A request handler that reads the whole body (as text) before calling `handler`. */
export function withBody(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => handler(req, res, body));
  };
}

/** Drop the connections of, and close, every server started so far. */
export function closeServers(): void {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
}
