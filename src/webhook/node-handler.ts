/**
 * The webhook handler as a Node `(req, res)` listener: routes by path and method, reads the
 * body with a size cap (a `Content-Length` over the cap is refused before a byte is read),
 * answers, and delivers the dispatch only once the answer has been handed to the OS.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import type { WebhookHandler, WebhookResponse } from "./handler.js";
import { headerValue, WEBHOOK_HEADERS } from "./verify-request.js";

/** Options of {@link nodeWebhookListener}. */
export interface NodeWebhookListenerOptions {
  /** Only this path is served (404 elsewhere); `undefined` = every path. */
  path?: string | undefined;
  /** Where request errors are logged. @defaultValue silent */
  logger?: Logger;
}

/**
 * Write `response`; run `after` once it was handed to the OS ("finish") — or once the
 * connection is gone ("close"): a claimed event must reach the app even if the peer vanished.
 */
function send(res: ServerResponse, response: WebhookResponse, after?: () => void, close = false): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return void after?.();
  if (after) {
    let ran = false;
    const run = (): void => {
      if (ran) return;
      ran = true;
      after();
    };
    res.once("finish", run);
    res.once("close", run);
  }
  res.writeHead(response.status, { ...response.headers, ...(close ? { connection: "close" } : {}) });
  res.end(response.body);
}

/**
 * A Node `http` request listener for `handler`: reads the raw body (refusing bodies over
 * `handler.maxBodyBytes` with 413 before reading them), answers, then delivers.
 */
export function nodeWebhookListener(handler: WebhookHandler, options: NodeWebhookListenerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const logger = options.logger ?? silentLogger;
  const plain = (status: number, error: string, headers: Record<string, string> = {}): WebhookResponse => ({
    status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ error }),
  });

  return (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://callback.invalid").pathname;
    if (options.path !== undefined && pathname !== options.path) return void send(res, plain(404, "not-found"));
    if (req.method !== "POST") return void send(res, plain(405, "method-not-allowed", { allow: "POST" }));
    const traceId = headerValue(req.headers, WEBHOOK_HEADERS.traceId);
    const tooLarge = (size: string): void => {
      send(res, handler.refuse({ status: 413, reason: "body-too-large", detail: `body of ${size} bytes exceeds ${handler.maxBodyBytes}` }, traceId), undefined, true);
      req.resume(); // discard the rest unread; the connection closes after the answer
    };
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > handler.maxBodyBytes) return tooLarge(String(declared));

    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > handler.maxBodyBytes) {
        refused = true;
        chunks.length = 0;
        return tooLarge(`more than ${handler.maxBodyBytes}`);
      }
      chunks.push(chunk);
    });
    req.on("error", (err) => logger.debug({ err: safeMessage(err) }, "webhook request aborted"));
    req.on("end", () => {
      if (refused) return;
      handler.process({ headers: req.headers, rawBody: Buffer.concat(chunks, size) }).then(
        ({ response, deliver }) => send(res, response, deliver),
        (err: unknown) => {
          logger.error({ err: safeMessage(err) }, "webhook handler failed");
          send(res, plain(500, "internal"));
        },
      );
    });
  };
}
