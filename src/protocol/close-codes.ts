/**
 * The connection policy of PROTOCOL.md Part A1 as one table: what every close code,
 * op 7, op 9 and local failure does to the session, the token and the next attempt.
 *
 * Pure data: the reconnect loop reads it, the simulator documents its faults with it.
 */

/** What happens to the stored session (`session_id` + seq). */
export type SessionAction = "keep" | "clear";
/** What happens to the cached access token. */
export type TokenAction = "keep" | "refresh";
/**
 * How long to wait before the next attempt:
 * - `"immediate"`: at once if the connection had been healthy, otherwise the backoff;
 * - `"backoff"`: the reconnect backoff (`reconnectBackoffMs`);
 * - `"cooldown"`: `rateLimitCooldownMs` (4008; a rate-limited `/gateway` or token call is no
 *   row: the reducer cools down for the `retryAfterMs` it named, else `rateLimitCooldownMs`);
 * - `"invalid-session"`: `invalidSessionDelayMs` (3 s by default);
 * - a number: exactly that many milliseconds.
 */
export type DelayAction = "immediate" | "backoff" | "cooldown" | "invalid-session" | number;

/** One row of the policy table. */
export interface ConnectionAction {
  /** What happens to the stored session. */
  readonly session: SessionAction;
  /** What happens to the cached access token. */
  readonly token: TokenAction;
  /** How long to wait before the next attempt. */
  readonly delay: DelayAction;
  /** A fatal cause ends `messages$` with `GatewayFatalError`. */
  readonly fatal: boolean;
  /** Counts towards `maxFailedResumes` when the connection had sent RESUME and never saw RESUMED. */
  readonly failedResume: boolean;
  /** Human-readable meaning, used in logs and error messages. */
  readonly meaning: string;
}

const row = (
  session: SessionAction,
  token: TokenAction,
  delay: DelayAction,
  meaning: string,
  extra: Partial<Pick<ConnectionAction, "fatal" | "failedResume">> = {},
): ConnectionAction => ({ session, token, delay, meaning, fatal: false, failedResume: false, ...extra });

const fatal = (meaning: string): ConnectionAction =>
  row("keep", "keep", "backoff", meaning, { fatal: true });

const resumable = (meaning: string): ConnectionAction => row("keep", "keep", "backoff", meaning);

/** Every close code the platform documents (plus 1000/1001/1006 and 4000–4005 seen in SDKs). */
export const CLOSE_CODE_ACTIONS: Readonly<Record<number, ConnectionAction>> = {
  1000: resumable("normal closure"),
  1001: resumable("going away"),
  1006: resumable("abnormal closure (no close frame)"),
  4000: resumable("unknown error"),
  4001: fatal("invalid opcode: the client sent an opcode the platform does not accept"),
  4002: fatal("invalid payload: the client sent a payload the platform cannot parse"),
  4003: resumable("not authenticated"),
  4004: row("keep", "refresh", "backoff", "authentication failed: the access token is invalid"),
  4005: resumable("already authenticated"),
  4006: row("clear", "keep", "backoff", "invalid session id: cannot resume, identify again", { failedResume: true }),
  4007: row("clear", "keep", "backoff", "invalid seq: cannot resume, identify again", { failedResume: true }),
  4008: row("keep", "keep", "cooldown", "sending payloads too fast: reconnect after the rate-limit cooldown"),
  4009: row("keep", "keep", "immediate", "session timed out (the platform does this about every 30 min): resume"),
  4010: fatal("invalid shard: check the shards option"),
  4011: fatal("sharding required: the bot is in too many guilds for one shard, use more shards"),
  4012: fatal("invalid gateway version"),
  4013: fatal("invalid intent: check the intents option"),
  4014: fatal("intent not permitted: the bot lacks permission for an intent it asked for (check the intents option and the bot's permissions)"),
  4914: fatal("bot is offline (下架): only the sandbox environment may be used"),
  4915: fatal("bot is banned (封禁): connections are refused"),
  ...Object.fromEntries(
    Array.from({ length: 14 }, (_, i) => [
      4900 + i,
      row("clear", "refresh", "backoff", `platform internal error ${4900 + i}: identify again`),
    ]),
  ),
};

/** A code nobody documents: keep the session and resume after backoff. */
export const UNKNOWN_CLOSE_ACTION: ConnectionAction = resumable("unknown close code");

/** Causes that are not close codes. */
export const CAUSE_ACTIONS = {
  /** op 7: the client closes the socket itself and resumes. */
  reconnectRequested: row("keep", "keep", "immediate", "the platform asked for a reconnect (op 7)"),
  /** op 9 with `d: true`. */
  invalidSessionResumable: row("keep", "keep", "invalid-session", "invalid session (op 9), resumable", {
    failedResume: true,
  }),
  /** op 9 with `d` false or absent. */
  invalidSession: row("clear", "refresh", "invalid-session", "invalid session (op 9): identify again", {
    failedResume: true,
  }),
  /** Heartbeat not acknowledged before the next beat. */
  zombie: row("keep", "keep", "immediate", "zombie connection: heartbeat not acknowledged"),
  /** Network error, or a handshake / HELLO / READY timeout. */
  network: resumable("network error or timeout"),
  /** A frame over the 64 MiB hard limit killed the socket: a RESUME would replay it, so identify again. */
  frameTooLarge: row("clear", "keep", "backoff", "a gateway frame over the hard size limit closed the socket (1009): a RESUME would replay it, identify again"),
  /** `maxFailedResumes` resumes in a row never reached RESUMED. */
  failedResumes: row("clear", "keep", "backoff", "resumes keep failing: identify again"),
} as const satisfies Record<string, ConnectionAction>;

/**
 * The action for a close code (`undefined` = the socket ended without one); codes not in the
 * table keep the session and reconnect with backoff, like a network error.
 */
export function closeCodeAction(code: number | undefined): ConnectionAction {
  if (code === undefined) return CAUSE_ACTIONS.network;
  return CLOSE_CODE_ACTIONS[code] ?? UNKNOWN_CLOSE_ACTION;
}

/** Whether a close code is documented as fatal. */
export function isFatalCloseCode(code: number | undefined): boolean {
  return closeCodeAction(code).fatal;
}
