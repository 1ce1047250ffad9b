/**
 * Gateway frame envelope and the payloads of the handshake (PROTOCOL.md Part B §2).
 * Pure types plus tiny pure builders; no I/O.
 */
import { OpCode } from "./opcodes.js";

/** The envelope every gateway frame shares, in both directions. */
export interface GatewayPayload<D = unknown> {
  /** Opcode (see `OpCode`). */
  op: number;
  /** The payload's data. */
  d?: D;
  /** Sequence number; present on dispatches. */
  s?: number;
  /** Event type; present on dispatches. */
  t?: string;
  /** Event id; used as `event_id` when replying to non-message events. */
  id?: string;
}

/** `d` of op 10 HELLO. */
export interface HelloData {
  heartbeat_interval: number;
}

/** `d` of op 2 IDENTIFY. */
export interface IdentifyData {
  /** `"QQBot <access token>"`. */
  token: string;
  intents: number;
  /** `[shard_id, shard_count]`. */
  shard: [number, number];
  properties?: Record<string, string>;
}

/** `d` of op 6 RESUME. */
export interface ResumeData {
  token: string;
  session_id: string;
  seq: number;
}

/** `d` of the READY dispatch. */
export interface ReadyData {
  version: number;
  session_id: string;
  user: { id: string; username: string; bot: boolean; status?: number };
  shard: [number, number];
}

/** `GET /gateway` response. */
export interface GatewayResponse {
  url: string;
}

/** `GET /gateway/bot` response. */
export interface GatewayBotResponse extends GatewayResponse {
  shards: number;
  session_start_limit: {
    total: number;
    remaining: number;
    /** Milliseconds until `remaining` resets. */
    reset_after: number;
    /** Sessions that may be created per 5 seconds. */
    max_concurrency: number;
  };
}

/** Token endpoint response: `expires_in` is a string in practice, a number in the docs' table. */
export interface AccessTokenResponse {
  access_token: string;
  expires_in: string | number;
}

/** Platform error body (REST). */
export interface PlatformErrorBody {
  code?: number;
  err_code?: number;
  message?: string;
  trace_id?: string;
}

/** The scheme prefix of access tokens in headers and IDENTIFY. */
export const TOKEN_SCHEME = "QQBot";

/** Trace header the platform sets on every OpenAPI response. */
export const TRACE_HEADER = "x-tps-trace-id";

/** Build an IDENTIFY frame. */
export function identifyFrame(accessToken: string, intents: number, shard: [number, number]): GatewayPayload<IdentifyData> {
  return {
    op: OpCode.Identify,
    d: { token: `${TOKEN_SCHEME} ${accessToken}`, intents, shard, properties: { $os: "linux", $browser: "qqbot-rx", $device: "qqbot-rx" } },
  };
}

/** Build a RESUME frame. */
export function resumeFrame(accessToken: string, sessionId: string, seq: number): GatewayPayload<ResumeData> {
  return { op: OpCode.Resume, d: { token: `${TOKEN_SCHEME} ${accessToken}`, session_id: sessionId, seq } };
}

/** Build a HEARTBEAT frame; `d` is the last seq seen or `null`. */
export function heartbeatFrame(seq: number | null): GatewayPayload<number | null> {
  return { op: OpCode.Heartbeat, d: seq };
}
