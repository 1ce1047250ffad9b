/**
 * Every benchmarked client must stay on 127.0.0.1: a socket to any other host throws before
 * it is opened. Installed in each client process (`host.ts`), it covers `ws`, undici and
 * axios alike, since they all connect through `net.Socket#connect`.
 */
import net from "node:net";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** Patch `net.Socket.prototype.connect` to refuse non-loopback hosts. Idempotent. */
export function guardLoopbackOnly(): void {
  const proto = net.Socket.prototype as net.Socket & { __loopbackGuard?: true };
  if (proto.__loopbackGuard) return;
  const connect = proto.connect;
  proto.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const host = hostOf(args[0], args[1]);
    if (host !== undefined && !LOOPBACK.has(host)) throw new Error(`bench: refusing a connection to ${host}: benchmarks stay on loopback`);
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof proto.connect;
  proto.__loopbackGuard = true;
}

/** The host `connect` was given: options object, `[options, cb]` (from `net.connect`), `(port, host)`, or a path. */
function hostOf(first: unknown, second: unknown): string | undefined {
  const opts = Array.isArray(first) ? first[0] : first;
  if (typeof opts === "number" || (typeof opts === "string" && /^\d+$/.test(opts))) return typeof second === "string" ? second : "localhost";
  if (typeof opts !== "object" || opts === null) return undefined; // a Unix socket / pipe path
  const o = opts as { host?: unknown; path?: unknown };
  if (typeof o.path === "string") return undefined; // a Unix socket / pipe
  return typeof o.host === "string" ? o.host : "localhost";
}
