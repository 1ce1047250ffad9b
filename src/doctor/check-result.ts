/**
 * What `qqbot-rx doctor` reports: one verdict per check, and the summary whose `ok` decides
 * the exit code (0 only when no check failed).
 */

/** How one check went: `warn` and `skip` do not fail the run. */
export type CheckStatus = "pass" | "fail" | "warn" | "skip";

/** The checks, in the order they run. */
export type CheckName = "credentials" | "token" | "gateway" | "gateway-bot" | "identify" | "environment" | "webhook";

/** One verdict: what was found and, when something is wrong, what to do about it. */
export interface CheckResult {
  /** Which check. */
  check: CheckName;
  /** How it went. */
  status: CheckStatus;
  /** What was found (never a secret or a token). */
  detail: string;
  /** What to do, when there is something to do. */
  fix?: string;
}

/** Counts per status; `ok` is true when nothing failed. */
export interface DoctorSummary {
  pass: number;
  fail: number;
  warn: number;
  skip: number;
  /** No check failed: the exit code is 0. */
  ok: boolean;
}

/** Everything the doctor found: what `--json` prints. */
export interface DoctorReport {
  /** One verdict per check, in order. */
  checks: CheckResult[];
  /** Counts and the overall verdict. */
  summary: DoctorSummary;
}

/** Count the verdicts. */
export function summarize(checks: readonly CheckResult[]): DoctorSummary {
  const count = (status: CheckStatus): number => checks.filter((c) => c.status === status).length;
  const summary = { pass: count("pass"), fail: count("fail"), warn: count("warn"), skip: count("skip") };
  return { ...summary, ok: summary.fail === 0 };
}

/** A verdict before the runner names its check. */
export type Verdict = Omit<CheckResult, "check">;

/** It works. */
export const pass = (detail: string): Verdict => ({ status: "pass", detail });
/** It does not work, and what to do. */
export const fail = (detail: string, fix: string): Verdict => ({ status: "fail", detail, fix });
/** It works, with a caveat (and what to do about it). */
export const warn = (detail: string, fix: string): Verdict => ({ status: "warn", detail, fix });
/** Not checked, and why. */
export const skip = (detail: string): Verdict => ({ status: "skip", detail });
