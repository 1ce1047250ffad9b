/**
 * Fault injection: the public {@link SimulatorFaults} handle and the pending-fault state
 * the HTTP and gateway servers consult. Every fault is opt-in; `reset()` clears the
 * pending ones (faults already applied, like a closed socket, stay applied).
 */
import { CountedQueue } from "./counted-queue.js";
import type { RequestFailure, RequestFault, RequestMatch } from "./rest-faults.js";

/** What `/gateway` answers instead of its JSON. */
export type GatewayResponseFault = "empty" | "html" | "truncated" | "no-url" | "500" | "502" | "echo-token";
/**
 * What the token endpoint answers instead of a token: HTTP 500, an empty or non-JSON 200, a 200
 * with a nonzero `code`, or its rate limit (code 100001 "Too many requests", as HTTP 200 or 429).
 */
export type TokenFailureFault = "500" | "empty" | "bad-json" | "wrong-code" | "rate-limit" | "rate-limit-429";
/** How a WebSocket upgrade fails. */
export type UpgradeFault = "refuse" | "non-101" | "hang";
/** A malformed frame sent to clients. */
export type MalformedFrameKind = "non-json" | "wrong-types" | "unknown-op" | "oversized" | "binary" | "dispatch-no-seq";

/** The fault-injection handle of a simulated platform. */
export interface SimulatorFaults {
  /** Next N `/gateway(/bot)` calls → HTTP 400 `{"code":100001,"message":"接口调用超过频率限制"}` (default 1). */
  rateLimitGateway(times?: number): void;
  /** Next N `/gateway(/bot)` calls get a broken answer (`echo-token`: a 200 without a url that echoes the caller's token). */
  gatewayResponse(kind: GatewayResponseFault, times?: number): void;
  /** Next N `/gateway(/bot)` calls answer after `delayMs`. */
  slowGateway(delayMs: number, times?: number): void;
  /** Next N token calls fail: HTTP 500, empty 200, non-JSON 200, 200 with a nonzero `code`, or rate limited (100001). */
  tokenFailure(kind: TokenFailureFault, times?: number): void;
  /**
   * Next N OpenAPI calls (`/gateway` included) → HTTP 401 `{"code":11298,"message":"接口访问源IP不在白名单"}`.
   * Calls to the sandbox (option `sandbox`) are never refused and do not count: the allow list applies outside the sandbox only.
   */
  refuseIp(times?: number): void;
  /** Close every open socket now (1005/1006 drop the TCP connection without a close frame). */
  closeAll(code: number, reason?: string): void;
  /** The next N connections are closed with `code` `afterMs` after they open. */
  closeAfterOpen(code: number, afterMs: number, times?: number): void;
  /** op 7 to every session's socket; the server closes it (4009) if the client has not within the grace. */
  reconnect(): void;
  /**
   * op 9 with `d: resumable` to every session's socket, then close it with `closeCode` (default 4009
   * if resumable, else 4006; e.g. 4914 or 4915 as the platform does for an offline or banned bot).
   */
  invalidSession(resumable: boolean, closeCode?: number): void;
  /** Next N RESUMEs → op 9 `d: false` + close 4006. */
  rejectResumes(times?: number): void;
  /** Stop answering heartbeats (a zombie connection). */
  stopHeartbeatAcks(): void;
  /** Answer heartbeats again. */
  resumeHeartbeatAcks(): void;
  /** Next N upgrades fail: refuse = destroy the TCP socket; non-101 = HTTP 503; hang = never answer. */
  failUpgrade(mode: UpgradeFault, times?: number): void;
  /** Send a malformed frame to every open socket. */
  sendMalformed(kind: MalformedFrameKind): void;
  /** Next N connections get no HELLO. */
  skipHello(times?: number): void;
  /** Next N IDENTIFY/RESUME get no READY/RESUMED. */
  skipReady(times?: number): void;
  /**
   * Next N authenticated OpenAPI calls matching `match` fail: answered with a platform error
   * (e.g. `PlatformError.MSG_LIMIT_EXCEEDED`, `{ status: 429, code: 22009, message: "…" }`, a 500),
   * or `"reset"`: the connection is dropped without an answer. Default once.
   */
  failRequests(match: RequestMatch, failure: RequestFailure, times?: number): void;
  /** Clear every pending fault. */
  reset(): void;
}

/** Pending faults, consulted by the servers. */
export class FaultState {
  readonly gatewayRateLimit = new CountedQueue<true>();
  readonly gatewayResponse = new CountedQueue<GatewayResponseFault>();
  readonly slowGateway = new CountedQueue<number>();
  readonly tokenFailure = new CountedQueue<TokenFailureFault>();
  readonly refuseIp = new CountedQueue<true>();
  readonly closeAfterOpen = new CountedQueue<{ code: number; afterMs: number }>();
  readonly rejectResumes = new CountedQueue<true>();
  readonly failUpgrade = new CountedQueue<UpgradeFault>();
  readonly skipHello = new CountedQueue<true>();
  readonly skipReady = new CountedQueue<true>();
  readonly failRequests = new CountedQueue<RequestFault>();
  heartbeatAcksStopped = false;

  /** Clear all pending faults. */
  reset(): void {
    for (const q of [
      this.gatewayRateLimit, this.gatewayResponse, this.slowGateway, this.tokenFailure, this.refuseIp, this.closeAfterOpen,
      this.rejectResumes, this.failUpgrade, this.skipHello, this.skipReady, this.failRequests,
    ]) q.clear();
    this.heartbeatAcksStopped = false;
  }
}

/** Faults that act on open sockets at once; implemented by the gateway server. */
export interface LiveFaultActions {
  closeAll(code: number, reason: string): void;
  reconnect(): void;
  invalidSession(resumable: boolean, closeCode?: number): void;
  sendMalformed(kind: MalformedFrameKind): void;
}

function checkCloseCode(code: number): void {
  const ok = Number.isInteger(code) && ((code >= 1000 && code <= 1014) || (code >= 3000 && code <= 4999));
  if (!ok) throw new RangeError(`close code must be 1000–1014 or 3000–4999, got ${String(code)}`);
}

function checkDelay(name: string, ms: number): void {
  if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`${name} must be a non-negative number, got ${String(ms)}`);
}

/** Build the public handle over the pending state and the live actions. */
export function createFaults(state: FaultState, live: LiveFaultActions): SimulatorFaults {
  return {
    rateLimitGateway: (times = 1) => state.gatewayRateLimit.push(true, times),
    gatewayResponse: (kind, times = 1) => state.gatewayResponse.push(kind, times),
    slowGateway: (delayMs, times = 1) => {
      checkDelay("delayMs", delayMs);
      state.slowGateway.push(delayMs, times);
    },
    tokenFailure: (kind, times = 1) => state.tokenFailure.push(kind, times),
    refuseIp: (times = 1) => state.refuseIp.push(true, times),
    closeAll: (code, reason = "closed by the simulator") => {
      checkCloseCode(code);
      live.closeAll(code, reason);
    },
    closeAfterOpen: (code, afterMs, times = 1) => {
      checkCloseCode(code);
      checkDelay("afterMs", afterMs);
      state.closeAfterOpen.push({ code, afterMs }, times);
    },
    reconnect: () => live.reconnect(),
    invalidSession: (resumable, closeCode) => {
      if (closeCode !== undefined) checkCloseCode(closeCode);
      live.invalidSession(resumable, closeCode);
    },
    rejectResumes: (times = 1) => state.rejectResumes.push(true, times),
    stopHeartbeatAcks: () => {
      state.heartbeatAcksStopped = true;
    },
    resumeHeartbeatAcks: () => {
      state.heartbeatAcksStopped = false;
    },
    failUpgrade: (mode, times = 1) => state.failUpgrade.push(mode, times),
    sendMalformed: (kind) => live.sendMalformed(kind),
    skipHello: (times = 1) => state.skipHello.push(true, times),
    skipReady: (times = 1) => state.skipReady.push(true, times),
    failRequests: (match, failure, times = 1) => {
      if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${String(times)}`);
      state.failRequests.push({ match, failure }, times);
    },
    reset: () => state.reset(),
  };
}
