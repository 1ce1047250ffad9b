/**
 * A CONNECT-only HTTP proxy on 127.0.0.1 for tests of proxy routing: it tunnels each CONNECT to
 * its target and records the target (`host:port`); with `recordRequests` it also records the
 * request lines (`GET /path HTTP/1.1`) of the plain HTTP that goes through the tunnels. Any
 * other request is answered 405. Close every proxy with {@link closeConnectProxies}.
 *
 * @example
 * ```ts
 * afterEach(closeConnectProxies);
 * const proxy = await startConnectProxy({ recordRequests: true });
 * // … point a client at proxy.url …
 * expect(proxy.tunnels).toEqual(["127.0.0.1:8080"]);
 * ```
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

/** A running proxy and what it saw. */
export interface ConnectProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The target of every CONNECT, in order. */
  readonly tunnels: string[];
  /** Request lines sent through the tunnels (only with `recordRequests`). */
  readonly requests: string[];
}

const proxies: Server[] = [];
const sockets: Socket[] = [];

/** Start a CONNECT proxy on a free loopback port. */
export async function startConnectProxy(options: { recordRequests?: boolean } = {}): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const requests: string[] = [];
  const proxy = createServer((_req, res) => res.writeHead(405).end("CONNECT only"));
  proxies.push(proxy);
  proxy.on("connect", (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    if (options.recordRequests) {
      client.on("data", (chunk: Buffer) => {
        for (const line of chunk.toString("latin1").split("\r\n")) if (/^(GET|POST|PUT) \//.test(line)) requests.push(line);
      });
    }
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.push(client, upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  proxy.listen(0, "127.0.0.1");
  await once(proxy, "listening");
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, tunnels, requests };
}

/** Destroy every tunnel (both ends) and close every proxy started so far. */
export function closeConnectProxies(): void {
  for (const s of sockets.splice(0)) s.destroy();
  for (const p of proxies.splice(0)) {
    p.closeAllConnections();
    p.close();
  }
}
