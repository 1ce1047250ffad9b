/**
 * Turning one raw WebSocket frame into a {@link GatewayPayload}, or saying precisely why not.
 * Pure: no I/O, no time, never throws.
 */
import { ProtocolError, redact } from "../errors.js";
import { OpCode, isKnownOpCode } from "../protocol/opcodes.js";
import type { GatewayPayload } from "../protocol/payloads.js";
import { peekEnvelope, type FrameEnvelope } from "./frame-envelope.js";

/**
 * The documented maximum of a gateway frame: 1 MiB. Real dispatches are a few KiB; a larger
 * dispatch is skipped with a warning naming its size, seq, type and event id (the session moves
 * on past it), never delivered and never silently lost.
 */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

/**
 * Above this, `ws` closes the socket itself (1009) before the frame can even be read; the
 * connection then starts a new session, since a RESUME would replay the same frame.
 */
export const FRAME_HARD_LIMIT_BYTES = 64 * 1024 * 1024;

/** Characters of a bad frame kept in its error (message and `frame` field). */
const EXCERPT_CHARS = 120;

/** The outcome of {@link parseFrame}; an oversized frame also says what its envelope holds. */
export type FrameResult =
  | { ok: true; payload: GatewayPayload }
  | { ok: false; error: ProtocolError; oversized?: FrameEnvelope & { bytes: number } };

/** Raw frame data as `ws` delivers it. */
export type RawFrame = string | Buffer | ArrayBuffer | readonly Buffer[];

function toBuffer(data: RawFrame): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.concat(data as Buffer[]);
}

function excerpt(buf: Buffer, secrets: readonly (string | undefined)[]): string {
  // Decode only the head of the frame: an oversized frame is never decoded whole. Redact a
  // window longer than the excerpt by the longest secret, then cut: a secret straddling the
  // cut is masked whole instead of leaving its first characters in the excerpt.
  const longest = secrets.reduce((n, secret) => Math.max(n, secret?.length ?? 0), 0);
  const windowChars = EXCERPT_CHARS + longest + 64;
  const head = buf.subarray(0, windowChars * 4).toString("utf8").slice(0, windowChars);
  const text = redact(head, secrets).replace(/[\r\n]+/g, " ").slice(0, EXCERPT_CHARS);
  return buf.length > EXCERPT_CHARS ? `${text}…` : text;
}

/**
 * JSON.parse's message without V8's quoted piece of the input (`Unexpected token 'x',
 * ..."d":xfuzz-secr"... is not valid JSON`): that piece can cut a secret so that no redaction
 * recognises it. The (redacted) excerpt shows the frame instead.
 */
function jsonProblem(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/,\s*(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)?\s+is not valid JSON\s*$/, " (not valid JSON)");
}

/** Strings to mask, or a function giving them (called only for a bad frame: the hot path allocates nothing). */
export type FrameSecrets = readonly (string | undefined)[] | (() => readonly (string | undefined)[]);

function bad(problem: string, buf: Buffer, lazySecrets: FrameSecrets): { ok: false; error: ProtocolError } {
  const secrets = typeof lazySecrets === "function" ? lazySecrets() : lazySecrets;
  const shown = excerpt(buf, secrets);
  // The problem may quote the frame (JSON.parse does): redact and bound it too.
  const what = redact(problem, secrets).slice(0, 200);
  return { ok: false, error: new ProtocolError(`bad gateway frame: ${what} (frame: ${shown})`, shown) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The `d` checks the connection relies on; `undefined` = fine. */
function dataProblem(op: number, t: unknown, d: unknown): string | undefined {
  if (op === OpCode.Hello) {
    const interval = isObject(d) ? d.heartbeat_interval : undefined;
    if (typeof interval !== "number" || !Number.isFinite(interval) || interval <= 0) {
      return "HELLO (op 10) without a positive d.heartbeat_interval";
    }
  }
  if (op === OpCode.Dispatch && t === "READY" && !(isObject(d) && typeof d.session_id === "string" && d.session_id)) {
    return "READY without d.session_id";
  }
  return undefined;
}

/**
 * Parse and validate one gateway frame.
 *
 * Rejected, each with a {@link ProtocolError} whose message names the problem and shows a
 * redacted excerpt of the frame: binary frames (the QQ gateway sends text), frames larger
 * than `maxBytes`, non-JSON, JSON that is not an object, a missing or non-integer `op`, an
 * op the platform does not document, `s` that is not a non-negative integer, `t` that is
 * not a string, op 0 without `t`, `id` that is not a string, HELLO without a positive
 * `heartbeat_interval`, READY without `session_id`. `s: null` and `t: null` (Discord-style
 * gateways send them) are read as absent.
 *
 * @param secrets - strings to mask in the excerpt (the access token), or a function returning them; `QQBot <token>` is always masked.
 */
export function parseFrame(
  data: RawFrame,
  isBinary: boolean,
  maxBytes: number,
  secrets: FrameSecrets = [],
): FrameResult {
  const buf = toBuffer(data);
  if (buf.length > maxBytes) {
    return { ...bad(`${buf.length} bytes exceeds the ${maxBytes}-byte frame limit`, buf, secrets), oversized: { ...peekEnvelope(buf), bytes: buf.length } };
  }
  if (isBinary) return bad(`binary frame of ${buf.length} bytes (the gateway sends text frames)`, buf, secrets);
  let value: unknown;
  try {
    value = JSON.parse(buf.toString());
  } catch (err) {
    return bad(`not JSON (${jsonProblem(err)})`, buf, secrets);
  }
  if (!isObject(value)) return bad(`not a JSON object (got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value})`, buf, secrets);
  const problem = envelopeProblem(value);
  if (problem) return bad(problem, buf, secrets);
  // The parsed object is the payload (no copy, nothing walked twice); fields other than the
  // envelope's stay on it, unread. Null `s`/`t`/`id` (rare) are absent.
  if (value.s === null) delete value.s;
  if (value.t === null) delete value.t;
  if (value.id === null) delete value.id;
  return { ok: true, payload: value as unknown as GatewayPayload };
}

/** What is wrong with a parsed frame's envelope (and the `d` the connection relies on), or `undefined`. */
function envelopeProblem(value: Record<string, unknown>): string | undefined {
  const { op, s, t, id } = value;
  if (typeof op !== "number" || !Number.isInteger(op)) return "op is missing or not an integer";
  if (!isKnownOpCode(op)) return `unknown op ${op}`;
  if (s !== undefined && s !== null && (typeof s !== "number" || !Number.isInteger(s) || s < 0)) return "s is not a non-negative integer";
  if (t !== undefined && t !== null && typeof t !== "string") return "t is not a string";
  if (op === OpCode.Dispatch && (typeof t !== "string" || !t)) return "dispatch (op 0) without an event type t";
  if (id !== undefined && id !== null && typeof id !== "string") return "id is not a string";
  return dataProblem(op, t, value.d);
}
