/**
 * What a successful send resolves to, and how one send response is read.
 */
import { QQApiError, redact } from "../errors.js";
import { isRecord } from "./guards.js";

/** The result of `send`/`reply`. A message waiting for audit is a result, not an error. */
export interface SentMessage {
  /** Id of the first part sent; `undefined` when that part waits for audit. */
  id: string | undefined;
  /** Ids of every part that got one, in order. */
  ids: string[];
  /** When the platform accepted the first part (the time of sending when it did not say). */
  timestamp: Date;
  /** Messages posted (long text is split). */
  parts: number;
  /** Set when a part waits for audit (codes 304023/304024 or `message_audit` in the answer). */
  audit?: {
    /** The platform's audit id; a `MESSAGE_AUDIT_PASS`/`MESSAGE_AUDIT_REJECT` event carries it later. */
    auditId: string;
  };
}

/** One send response, read. */
export interface PartResult {
  id: string | undefined;
  timestamp: Date | undefined;
  auditId: string | undefined;
}

/**
 * A platform timestamp as a Date: RFC 3339 strings, unix seconds or milliseconds (number or digits).
 * `undefined` when it cannot be read.
 */
export function parseTimestamp(value: unknown): Date | undefined {
  const ms = parseTimestampMs(value);
  return ms === undefined ? undefined : new Date(ms);
}

/** The last timestamp text read and its value: a burst of messages shares its second. */
let lastText = "";
let lastMs: number | undefined;

/** {@link parseTimestamp} as milliseconds since the epoch, allocating nothing. */
export function parseTimestampMs(value: unknown): number | undefined {
  if (typeof value === "number") return value >= 0 ? validMs(value < 1e12 ? value * 1000 : value) : undefined;
  if (typeof value !== "string") return undefined;
  if (value === lastText) return lastMs;
  const text = value.trim();
  let ms: number | undefined;
  // The common case first (every inbound message has an RFC 3339 timestamp); the two patterns are disjoint.
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) ms = validMs(Date.parse(text));
  else if (/^\d{1,16}$/.test(text)) ms = parseTimestampMs(Number(text));
  lastText = value;
  lastMs = ms;
  return ms;
}

/** `ms` when a `Date` can hold it (finite, within ±8.64e15), else `undefined`. */
function validMs(ms: number): number | undefined {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : undefined;
}

/** The audit id in a platform answer (`message_audit` at the top, in `data`, or in a `message` wrapper). */
export function findAuditId(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  for (const holder of [body, body["data"], body["message"]]) {
    if (!isRecord(holder)) continue;
    const audit = holder["message_audit"];
    if (isRecord(audit) && typeof audit["audit_id"] === "string" && audit["audit_id"]) return audit["audit_id"];
  }
  return undefined;
}

/**
 * Read a 2xx send answer: `{id, timestamp}` (C2C/group), a guild Message object, a `{message: {...}}`
 * wrapper, or an audit notice.
 */
export function readPartResult(body: unknown): PartResult {
  const auditId = findAuditId(body);
  let holder: unknown = body;
  if (isRecord(body) && typeof body["id"] !== "string" && isRecord(body["message"])) holder = body["message"];
  const rec = isRecord(holder) ? holder : {};
  const id = typeof rec["id"] === "string" && rec["id"] ? rec["id"] : undefined;
  return { id, timestamp: parseTimestamp(rec["timestamp"]), auditId };
}

/**
 * {@link readPartResult}, except that a 2xx answer carrying a nonzero `code` and neither id nor audit
 * (the platform's "async success with an error body") throws a `QQApiError` with that code.
 */
export function readSendAnswer(answer: unknown, path: string): PartResult {
  const result = readPartResult(answer);
  const code = typeof answer === "object" && answer !== null ? (answer as Record<string, unknown>)["code"] : undefined;
  if (result.id === undefined && result.auditId === undefined && typeof code === "number" && code !== 0) {
    const said = (answer as Record<string, unknown>)["message"];
    throw new QQApiError(redact(`POST ${path} answered 2xx with error code ${code}${typeof said === "string" ? `: ${said}` : ""}`), {
      status: 200, platformCode: code, method: "POST", path, body: JSON.stringify(answer).slice(0, 500),
    });
  }
  return result;
}
