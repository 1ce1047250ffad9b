/**
 * The messages layer's options: the inbound dedupe window and outbound sends (one defaults
 * object each), with their validation.
 */
import { checkDelays, checkKnownKeys, checkNumber, checkObject, type Problems } from "../option-checks.js";

/** Inbound dedupe window. */
export interface DedupeOptions {
  /** Message ids remembered at most. */
  max: number;
  /** How long an id is remembered. */
  ttlMs: number;
  /**
   * Also claim each message and event id in the bot's `store` before delivering it (one
   * set-if-absent per dispatch, a 3 s lease made final, kept `ttlMs`, once delivered), so that
   * the processes sharing a `RedisStore` deliver each one once even when a process is killed
   * without writing its latest seq and its successor's RESUME replays what it had delivered. A
   * process killed between a claim and its delivery loses nothing: the successor delivers the
   * message when the lease runs out. Gateway transport only (webhooks always claim).
   */
  shared: boolean;
}

/** Defaults of {@link DedupeOptions}. */
export const DEFAULT_DEDUPE_OPTIONS = {
  /** @inheritDoc DedupeOptions.max */
  max: 10_000,
  /** @inheritDoc DedupeOptions.ttlMs */
  ttlMs: 3_600_000,
  /** @inheritDoc DedupeOptions.shared */
  shared: false,
} as const satisfies DedupeOptions;

/** Outbound messages. */
export interface SendOptions {
  /** Longest text of one message (at least 2); longer text is split into several. */
  maxTextLength: number;
  /** Waits before each retry of a rate-limited send (22009, 20028, HTTP 429). */
  rateLimitRetryDelaysMs: readonly number[];
}

/** Defaults of {@link SendOptions}. */
export const DEFAULT_SEND_OPTIONS = {
  /** @inheritDoc SendOptions.maxTextLength */
  maxTextLength: 2000,
  /** @inheritDoc SendOptions.rateLimitRetryDelaysMs */
  rateLimitRetryDelaysMs: [1000, 2000, 5000],
} as const satisfies SendOptions;

/** Every problem with a `dedupe` option object. */
export function dedupeProblems(input: unknown, prefix = "dedupe"): Problems {
  const problems: Problems = [];
  if (!checkObject(problems, prefix, input)) return problems;
  const d = input as Partial<Record<keyof DedupeOptions, unknown>>;
  if (d.max !== undefined) checkNumber(problems, `${prefix}.max`, d.max, { integer: true, min: 1 });
  if (d.ttlMs !== undefined) checkNumber(problems, `${prefix}.ttlMs`, d.ttlMs, { min: 1 });
  if (d.shared !== undefined && typeof d.shared !== "boolean") problems.push({ field: `${prefix}.shared`, problem: "must be a boolean" });
  return problems;
}

/** Every problem with a `send` option object. */
export function sendProblems(input: unknown, prefix = "send"): Problems {
  const problems: Problems = [];
  if (!checkObject(problems, prefix, input)) return problems;
  checkKnownKeys(problems, prefix, input, DEFAULT_SEND_OPTIONS, "a send option");
  const s = input as Partial<Record<keyof SendOptions, unknown>>;
  if (s.maxTextLength !== undefined) checkNumber(problems, `${prefix}.maxTextLength`, s.maxTextLength, { integer: true, min: 2 }); // a text is split into parts of at least 2
  if (s.rateLimitRetryDelaysMs !== undefined) checkDelays(problems, `${prefix}.rateLimitRetryDelaysMs`, s.rateLimitRetryDelaysMs, true);
  return problems;
}
