/**
 * The reconnect policy as a pure reducer: one `Disconnect` plus the loop's counters in, the
 * plan for the next attempt out (PROTOCOL.md A1 via `src/protocol/close-codes.ts`).
 *
 * - the action comes from the cause: op 7, op 9 (`resumable`), zombie, a close code, or
 *   "network" for errors, timeouts and failed opens;
 * - `"immediate"` is immediate only when the connection had been healthy (reached READY or
 *   RESUMED); otherwise it is the backoff;
 * - `failures` (consecutive attempts since the last READY/RESUMED) drives the backoff and
 *   restarts when a connection reaches READY/RESUMED;
 * - a connection that sent RESUME and never saw RESUMED (or got op 9) is a failed resume;
 *   `maxFailedResumes` in a row clear the session, so the next attempt IDENTIFYs;
 * - fatal close codes produce `GatewayFatalError { code: "CLOSE_CODE_FATAL", closeCode }`;
 * - a rate-limited attempt (no close code) cools down for its `retryAfterMs` before any of the
 *   above, keeping the session, the token and both counts.
 *
 * ```
 * disconnects:  ---a(4009, healthy)------b(1006, not ready)-----c(4001)
 * plans:        p---q{resume, 0 ms}------r{resume, 2000 ms}-----s{fatal}
 * ```
 */
import {
  CAUSE_ACTIONS, closeCodeAction, isFatalCloseCode, type ConnectionAction, type SessionAction,
} from "../protocol/close-codes.js";
import { Intents, intentNames } from "../protocol/intents.js";
import { GatewayFatalError } from "../errors.js";
import type { ReconnectPolicy } from "./options.js";
import { backoffDelay } from "../transport/backoff.js";
import type { Disconnect } from "./types.js";

/** What the reducer remembers between disconnects. */
export interface PolicyState {
  /** Failed attempts since the last READY/RESUMED (drives the backoff). */
  readonly failures: number;
  /** Resumes in a row that never reached RESUMED. */
  readonly failedResumes: number;
}

/** The next attempt, as decided by the policy. */
export interface ReconnectPlan {
  /** `"boot"` for the first attempt of the loop. */
  readonly kind: "boot" | "reconnect";
  /** Keep the session (RESUME if there is one) or clear it (IDENTIFY). */
  readonly session: SessionAction;
  /** Refresh the access token before the next IDENTIFY/RESUME. */
  readonly refreshToken: boolean;
  /** Wait before the next attempt. */
  readonly delayMs: number;
  /** The wait is a cooldown (4008): state `cooling-down` rather than `reconnecting`. */
  readonly coolingDown: boolean;
  /** Why, for logs and `state$`. */
  readonly reason: string;
  /** Set when the disconnect is fatal: the loop ends with this error. */
  readonly fatal: GatewayFatalError | undefined;
  /** The reducer state after this disconnect. */
  readonly state: PolicyState;
}

/** What the reducer needs besides the state. */
export interface PolicyContext {
  policy: Pick<ReconnectPolicy, "reconnectBackoffMs" | "backoffJitter" | "rateLimitCooldownMs" | "maxFailedResumes" | "invalidSessionDelayMs">;
  /** Jitter source, `[0, 1)`; 0.5 = no jitter. */
  random: () => number;
  shard?: number | undefined;
  /** The intents the bot asks for, named in the error of a 4013/4014 close. */
  intents?: number | undefined;
}

/** The plan of the first attempt: at once, with whatever session the loop starts with. */
export function bootPlan(): ReconnectPlan {
  return {
    kind: "boot", session: "keep", refreshToken: false, delayMs: 0, coolingDown: false,
    reason: "start", fatal: undefined, state: { failures: 0, failedResumes: 0 },
  };
}

/** The table row for a disconnect. */
export function actionFor(d: Disconnect): ConnectionAction {
  // A fatal close code wins over what came before it (op 9 then close 4014 is the platform's way to refuse intents).
  if (isFatalCloseCode(d.closeCode) && d.cause !== "reconnect") return closeCodeAction(d.closeCode);
  switch (d.cause) {
    case "reconnect":
      return CAUSE_ACTIONS.reconnectRequested;
    case "invalid-session":
      return d.resumable ? CAUSE_ACTIONS.invalidSessionResumable : CAUSE_ACTIONS.invalidSession;
    case "zombie":
      return CAUSE_ACTIONS.zombie;
    case "frame-too-large":
      return CAUSE_ACTIONS.frameTooLarge;
    case "close":
    case "error":
      return d.closeCode === undefined ? CAUSE_ACTIONS.network : closeCodeAction(d.closeCode);
    default:
      return CAUSE_ACTIONS.network;
  }
}

/** A short human description of a disconnect (no secrets: `reason` never holds one). */
export function describeDisconnect(d: Disconnect, action: ConnectionAction): string {
  const what = d.closeCode !== undefined && (d.cause === "close" || d.cause === "error" || action.fatal)
    ? `close ${d.closeCode}`
    : d.cause;
  return `${what} (${action.meaning})${d.reason ? `: ${d.reason}` : ""}`;
}

function isFailedResume(d: Disconnect, action: ConnectionAction): boolean {
  if (d.ready) return false;
  return d.attemptedResume || (action.failedResume && d.cause === "invalid-session");
}

/** Apply the policy table to one disconnect. */
export function planAfterDisconnect(state: PolicyState, d: Disconnect, ctx: PolicyContext): ReconnectPlan {
  if (d.cause === "rate-limited") {
    // No attempt was made (and no close code came): wait until the endpoint may be called again;
    // the backoff and failed-resume counts stay as they are.
    const delayMs = d.retryAfterMs ?? ctx.policy.rateLimitCooldownMs;
    return { kind: "reconnect", session: "keep", refreshToken: false, delayMs, coolingDown: true, reason: d.reason, fatal: undefined, state };
  }
  const action = actionFor(d);
  const reason = describeDisconnect(d, action);
  if (action.fatal) {
    const after = d.cause === "invalid-session" ? " after an invalid session (op 9)" : "";
    const fatal = new GatewayFatalError(
      `the gateway closed the connection with code ${d.closeCode ?? "?"}${after}, which no reconnect can fix: ${action.meaning}${intentAdvice(d.closeCode, ctx.intents)}`,
      "CLOSE_CODE_FATAL",
      { closeCode: d.closeCode, shard: ctx.shard, disconnects: 1 },
    );
    return { ...bootPlan(), kind: "reconnect", reason, fatal, state };
  }

  const healthy = d.ready;
  const immediate = action.delay === "immediate" && healthy;
  const failures = immediate ? 0 : (healthy ? 0 : state.failures) + 1;

  let session: SessionAction = action.session;
  let failedResumes = healthy ? 0 : state.failedResumes;
  let why = reason;
  if (isFailedResume(d, action)) failedResumes += 1;
  if (session === "keep" && failedResumes >= ctx.policy.maxFailedResumes) {
    session = "clear";
    why = `${reason}; ${failedResumes} resumes in a row failed: ${CAUSE_ACTIONS.failedResumes.meaning}`;
  }
  if (session === "clear") failedResumes = 0;

  let delayMs: number;
  if (immediate) delayMs = 0;
  else if (action.delay === "cooldown") delayMs = ctx.policy.rateLimitCooldownMs;
  else if (action.delay === "invalid-session") delayMs = ctx.policy.invalidSessionDelayMs;
  else if (typeof action.delay === "number") delayMs = action.delay;
  else delayMs = backoffDelay(failures, ctx.policy, ctx.random);

  return {
    kind: "reconnect",
    session,
    refreshToken: action.token === "refresh",
    delayMs,
    coolingDown: action.delay === "cooldown",
    reason: why,
    fatal: undefined,
    state: { failures, failedResumes },
  };
}

/** For 4013/4014: which intents were asked for, and what a new bot is granted. */
function intentAdvice(closeCode: number | undefined, intents: number | undefined): string {
  if ((closeCode !== 4013 && closeCode !== 4014) || intents === undefined) return "";
  const asked = intentNames(intents).join(" | ");
  const ungranted = intents & ~Intents.BASIC & ~Intents.GROUP_AND_C2C_EVENT;
  const extra = ungranted ? ` (${intentNames(ungranted).join(", ")} need the platform's permission)` : "";
  return `. The bot asked for ${asked}${extra}. A new bot is granted ${intentNames(Intents.BASIC).join(" | ")} by default; ` +
    "Intents.PUBLIC_MESSAGES also asks for DIRECT_MESSAGE and INTERACTION, which need permission: ask only for the intents the " +
    "bot is granted (QQ bot console → 开发设置 / 事件订阅), e.g. intents: Intents.GROUP_AND_C2C_EVENT | Intents.PUBLIC_GUILD_MESSAGES";
}
