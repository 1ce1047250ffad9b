/**
 * A loopback port nothing listens on: bound on 127.0.0.1, then released. Use it for a target
 * that refuses connections, or for a server that must start on a port known in advance.
 */
import { once } from "node:events";
import { createServer } from "node:net";

/** A loopback port nothing listens on (at the time of the call). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (typeof address !== "object" || address === null) throw new Error("could not find a free port");
  return address.port;
}
