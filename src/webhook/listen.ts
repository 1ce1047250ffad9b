/**
 * The built-in webhook listener: a `node:http` server serving one request listener, with
 * timeouts against slow clients, closed with every connection it holds.
 *
 * @example
 * ```ts
 * const listener = await listen({ port: 8080, host: "0.0.0.0", path: "/qq" }, nodeWebhookListener(webhook, { path: "/qq" }));
 * console.log(listener.url); // http://0.0.0.0:8080/qq
 * await listener.close();
 * ```
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** Where to listen. */
export interface ListenOptions {
  port: number;
  host: string;
  path: string;
  /** Whole-request limit (slow-loris guard). @defaultValue 30 000 */
  requestTimeoutMs?: number;
  /** Limit for the request headers. @defaultValue 10 000 */
  headersTimeoutMs?: number;
  /** Called when the server fails after it started listening. */
  onError?: (err: Error) => void;
}

/** A listening server. */
export interface WebhookListener {
  /** `http://host:port/path` (the bound port, also when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stop listening and drop every connection. Idempotent. */
  close(): Promise<void>;
}

/** Start listening; rejects with the listen error (EADDRINUSE, EACCES…). */
export async function listen(
  options: ListenOptions,
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<WebhookListener> {
  const server = createServer({ requestTimeout: options.requestTimeoutMs ?? 30_000, headersTimeout: options.headersTimeoutMs ?? 10_000 }, listener);
  server.on("clientError", (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => options.onError?.(err));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}${options.path}`,
    port,
    server,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
