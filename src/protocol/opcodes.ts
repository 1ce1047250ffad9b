/** Gateway opcodes of the QQ Bot platform (PROTOCOL.md Part B §2). */
export const OpCode = {
  /** Server → client event push (`t`, `d`, `s`, `id`). */
  Dispatch: 0,
  /** Heartbeat, both directions; `d` is the last seq or `null`. */
  Heartbeat: 1,
  /** Client → server authentication. */
  Identify: 2,
  /** Client → server session resume. */
  Resume: 6,
  /** Server asks the client to reconnect; the session may be resumed. */
  Reconnect: 7,
  /** Identify/resume parameters rejected; `d` true = resumable. */
  InvalidSession: 9,
  /** First frame after the socket opens: `d.heartbeat_interval` ms. */
  Hello: 10,
  /** Server acknowledges a heartbeat. */
  HeartbeatAck: 11,
  /** Webhook only: the bot acknowledges an HTTP callback. */
  HttpCallbackAck: 12,
  /** Webhook only: callback URL validation. */
  CallbackValidation: 13,
} as const;

/** Numeric value of one of {@link OpCode}. */
export type OpCode = (typeof OpCode)[keyof typeof OpCode];

const KNOWN = new Set<number>(Object.values(OpCode));

/** Whether `op` is an opcode the platform documents. */
export function isKnownOpCode(op: unknown): op is OpCode {
  return typeof op === "number" && KNOWN.has(op);
}
