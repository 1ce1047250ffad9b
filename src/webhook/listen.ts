/**
 * The built-in webhook listener: a `node:http` server serving one request listener, guarded
 * against slow and greedy clients, closed with every connection it holds.
 *
 * ```
 * connect ─► over maxConnections? ─yes─► closed at once                       (webhookRejected, warn ≤ 1/min)
 *   └─► headers within headersTimeoutMs, whole request within requestTimeoutMs?
 *          ─no─► 408, closed (checked every connectionsCheckingInterval)      (webhookRejected, warn ≤ 1/min)
 *   └─► request listener ─► idle keep-alive closed after keepAliveTimeoutMs
 * ```
 *
 * Node checks those timeouts only every `connectionsCheckingInterval` (30 s by default, which
 * let a trickling client live ~30 s past its limit); the listener checks ten times per shortest
 * limit, at most once a second.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { asyncScheduler, type SchedulerLike } from "rxjs";
import { silentLogger, type Logger } from "../logger.js";
import type { Counters } from "../stats.js";
import { DEFAULT_WEBHOOK_OPTIONS } from "./options.js";
import { turnedAwayReporter } from "./turned-away.js";

/** Where to listen, and the limits against slow or greedy clients. */
export interface ListenOptions {
  port: number;
  host: string;
  path: string;
  /** Whole-request limit (slow-loris guard). @defaultValue 30 000 */
  requestTimeoutMs?: number;
  /** Limit for the request headers, idle new connections included. @defaultValue 10 000 */
  headersTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this. @defaultValue 5 000 */
  keepAliveTimeoutMs?: number;
  /** Connections over this many are closed at once. @defaultValue 512 */
  maxConnections?: number;
  /** Where turned-away clients are reported (warn at most once a minute per cause). @defaultValue silent */
  logger?: Logger;
  /** Counts `webhookRejected` for each dropped connection and each client closed as too slow. */
  counters?: Counters;
  /** Clock of the once-a-minute warnings. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
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
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_WEBHOOK_OPTIONS.headersTimeoutMs;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_WEBHOOK_OPTIONS.requestTimeoutMs;
  const maxConnections = options.maxConnections ?? DEFAULT_WEBHOOK_OPTIONS.maxConnections;
  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_WEBHOOK_OPTIONS.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkingInterval(headersTimeout, requestTimeout),
    },
    listener,
  );
  server.maxConnections = maxConnections;
  const report = turnedAwayReporter({
    logger: options.logger ?? silentLogger,
    scheduler: options.scheduler ?? asyncScheduler,
    ...(options.counters ? { counters: options.counters } : {}),
  });
  server.on("drop", (peer?: { remoteAddress?: string }) => report.next({ cause: "over-capacity", remoteAddress: peer?.remoteAddress, limit: maxConnections }));
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === "ERR_HTTP_REQUEST_TIMEOUT") {
      report.next({ cause: "too-slow", remoteAddress: socket.remoteAddress, limit: headersTimeout, requestLimit: requestTimeout });
      answerAndDestroy(socket, "408 Request Timeout");
    } else {
      answerAndDestroy(socket, "400 Bad Request");
    }
  });
  server.once("close", () => report.complete());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch((err: unknown) => {
    report.complete();
    throw err;
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

/** How often Node checks the header/request deadlines: a tenth of the shorter one, 10 ms – 1 s. */
export function checkingInterval(headersTimeoutMs: number, requestTimeoutMs: number): number {
  return Math.min(1_000, Math.max(10, Math.floor(Math.min(headersTimeoutMs, requestTimeoutMs) / 10)));
}

/** Answer a client error with `status` when nothing was written yet, then drop the socket. */
function answerAndDestroy(socket: Socket, status: string): void {
  if (socket.writable && socket.bytesWritten === 0) socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
