/**
 * One `ws` WebSocket as an Observable: `open`, then exactly one `end`, then complete; each
 * message goes straight to `onMessage`. It never errors and never throws into the subscriber: every way a socket can
 * fail (refused, DNS, TLS, non-101 answer, handshake timeout, close frame, network error)
 * becomes the final `end` event.
 */
import type { Agent } from "node:http";
import { asyncScheduler, Observable, Subscription, timer, type SchedulerLike } from "rxjs";
import WebSocket, { type ClientOptions, type RawData } from "ws";
import { safeMessage } from "../errors.js";

/** What the connection may do with an open socket. Calls never throw; calls on a closed socket are ignored. */
export interface SocketHandle {
  /** Send a text frame (dropped when the socket is not open). */
  send(data: string): void;
  /** Start the closing handshake with this code (an invalid code or reason terminates instead). */
  close(code: number, reason?: string): void;
  /** Destroy the TCP socket at once, without a closing handshake. */
  terminate(): void;
}

/** The final event of {@link socket$}. */
export interface SocketEnd {
  type: "end";
  /** The close code of the peer's close frame; absent when none came (ws's 1006) or the socket never opened. */
  closeCode?: number;
  /** Close reason text, or what went wrong; never empty. */
  reason: string;
  /** The error `ws` reported, if any. */
  error?: unknown;
  /** Whether the socket ever opened (`false` = connect failure). */
  opened: boolean;
  /** The opening handshake took longer than `handshakeTimeoutMs`. */
  handshakeTimedOut: boolean;
}

/** Everything {@link socket$} emits. */
export type SocketEvent =
  | { type: "open"; socket: SocketHandle }
  | SocketEnd;

/** Builds the `ws` client; inject one for tests or proxies. */
export type SocketFactory = (url: string, options: ClientOptions) => WebSocket;

/** Options of {@link socket$}. */
export interface SocketOptions {
  /** @defaultValue `new WebSocket(url, options)` */
  factory?: SocketFactory;
  /** Limit of the opening handshake (passed to `ws` and guarded by a timer of our own). */
  handshakeTimeoutMs: number;
  /** HTTP(S) agent, e.g. a proxy agent. */
  agent?: Agent;
  /** `ws`'s hard limit per message: a larger one kills the socket (1009). */
  maxPayloadBytes: number;
  /** Scheduler of the handshake guard. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
  /** The hot path: each message goes straight to this function (one call per frame), not through the observable. */
  onMessage: (data: Buffer, isBinary: boolean) => void;
}

const defaultFactory: SocketFactory = (url, options) => new WebSocket(url, options);
const noop = (): void => {};

function toData(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw as ArrayBuffer);
}

function handleOf(ws: WebSocket): SocketHandle {
  const terminate = (): void => {
    try {
      ws.terminate();
    } catch {
      // Already gone.
    }
  };
  return {
    send(data) {
      try {
        if (ws.readyState === WebSocket.OPEN) ws.send(data);
      } catch {
        // A failing write surfaces as the socket's 'error'/'close'.
      }
    },
    close(code, reason) {
      try {
        ws.close(code, reason);
      } catch {
        terminate();
      }
    },
    terminate,
  };
}

/**
 * Open a WebSocket when subscribed. Unsubscribing terminates it (no closing handshake),
 * removes every listener (a silent 'error' listener stays, so a late error cannot crash the
 * process) and emits nothing more.
 *
 * ```
 * socket$:  ---o--------(e|)     o = open, e = end (always exactly one)
 * refused:  ---(e|)             e.opened = false
 * onMessage:    m--m--m         each message, between open and end
 * ```
 */
export function socket$(url: string, options: SocketOptions): Observable<SocketEvent> {
  return new Observable<SocketEvent>((subscriber) => {
    const { handshakeTimeoutMs, scheduler = asyncScheduler } = options;
    const guard = new Subscription();
    let ws: WebSocket | undefined;
    let ended = false;
    let opened = false;
    let timedOut = false;
    let lastError: unknown;

    let removeListeners = noop;
    const detach = (): void => {
      guard.unsubscribe();
      removeListeners();
      ws?.on("error", noop);
    };
    const end = (fields: Omit<SocketEnd, "type" | "opened" | "handshakeTimedOut">): void => {
      if (ended) return;
      ended = true;
      detach();
      subscriber.next({ type: "end", opened, handshakeTimedOut: timedOut, ...fields });
      subscriber.complete();
    };

    try {
      // UTF-8 is not validated twice: a frame is decoded and JSON-parsed anyway, and a bad byte
      // sequence can only turn into U+FFFD inside a string, never into a different frame.
      const clientOptions: ClientOptions = { handshakeTimeout: handshakeTimeoutMs, maxPayload: options.maxPayloadBytes, skipUTF8Validation: true };
      if (options.agent) clientOptions.agent = options.agent;
      ws = (options.factory ?? defaultFactory)(url, clientOptions);
    } catch (err) {
      end({ reason: `cannot open a WebSocket to the gateway: ${safeMessage(err)}`, error: err });
      return;
    }
    const socket = ws;

    const onError = (err: Error): void => {
      lastError = err;
      if (!opened && /handshake has timed out/i.test(err.message)) timedOut = true;
    };
    const onOpen = (): void => {
      opened = true;
      guard.unsubscribe();
      subscriber.next({ type: "open", socket: handleOf(socket) });
    };
    const direct = options.onMessage;
    const onMessage = (raw: RawData, isBinary: boolean): void => direct(toData(raw), isBinary);
    const onClose = (code: number, reasonBuf: Buffer): void => {
      const text = reasonBuf.toString("utf8");
      const error = lastError;
      if (!opened) {
        const why = timedOut ? `opening handshake timed out after ${handshakeTimeoutMs} ms` : error ? safeMessage(error) : "closed before opening";
        end({ reason: why, ...(error === undefined ? {} : { error }) });
        return;
      }
      const base = { ...(error === undefined ? {} : { error }) };
      if (code === 1006) {
        end({ ...base, reason: error ? safeMessage(error) : "connection dropped without a close frame (1006)" });
      } else {
        end({ ...base, closeCode: code, reason: text || `closed with code ${code}` });
      }
    };

    socket.on("error", onError);
    socket.on("open", onOpen);
    socket.on("message", onMessage);
    socket.on("close", onClose);
    removeListeners = () => {
      socket.off("error", onError);
      socket.off("open", onOpen);
      socket.off("message", onMessage);
      socket.off("close", onClose);
    };

    // ws's own handshakeTimeout is a socket idle timeout; this guard bounds the handshake as a whole.
    guard.add(
      timer(handshakeTimeoutMs, scheduler).subscribe(() => {
        if (opened) return;
        timedOut = true;
        handleOf(socket).terminate();
        end({ reason: `opening handshake timed out after ${handshakeTimeoutMs} ms` });
      }),
    );

    return () => {
      if (ended) return;
      ended = true;
      detach();
      handleOf(socket).terminate();
    };
  });
}
