import { DEFAULT_RECONNECT_POLICY } from "../../src/gateway/options.js";
import { describe, expect, it } from "vitest";
import {
  CAUSE_ACTIONS, CLOSE_CODE_ACTIONS, closeCodeAction, isFatalCloseCode, UNKNOWN_CLOSE_ACTION,
} from "../../src/protocol/close-codes.js";

const pick = (code: number | undefined) => {
  const a = closeCodeAction(code);
  return { session: a.session, token: a.token, delay: a.delay, fatal: a.fatal };
};
const resumeBackoff = { session: "keep", token: "keep", delay: "backoff", fatal: false };

describe("close-code policy table (PROTOCOL.md A1)", () => {
  it.each([1000, 1001, 1006])("%i keeps the session and token and backs off", (code) => {
    expect(pick(code)).toEqual(resumeBackoff);
  });

  it.each([4001, 4002, 4010, 4011, 4012, 4013, 4014, 4914, 4915])("%i is fatal with a meaning", (code) => {
    const a = closeCodeAction(code);
    expect(a.fatal).toBe(true);
    expect(isFatalCloseCode(code)).toBe(true);
    expect(a.meaning.length).toBeGreaterThan(10);
  });

  it("4004 keeps the session but refreshes the token", () => {
    expect(pick(4004)).toEqual({ session: "keep", token: "refresh", delay: "backoff", fatal: false });
  });

  it.each([4006, 4007])("%i clears the session (IDENTIFY), keeps the token, counts as a failed resume", (code) => {
    expect(pick(code)).toEqual({ session: "clear", token: "keep", delay: "backoff", fatal: false });
    expect(closeCodeAction(code).failedResume).toBe(true);
  });

  it("4008 keeps the session and waits the rate-limit cooldown", () => {
    expect(pick(4008)).toEqual({ session: "keep", token: "keep", delay: "cooldown", fatal: false });
  });

  it("4009 resumes at once", () => {
    expect(pick(4009)).toEqual({ session: "keep", token: "keep", delay: "immediate", fatal: false });
  });

  it("4900–4913 clear the session and refresh the token", () => {
    for (let code = 4900; code <= 4913; code++) {
      expect(pick(code), String(code)).toEqual({ session: "clear", token: "refresh", delay: "backoff", fatal: false });
    }
  });

  it("unknown codes and a missing code keep the session and back off, never fatal", () => {
    for (const code of [3000, 4999, 4916, 1011, undefined]) expect(pick(code), String(code)).toEqual(resumeBackoff);
    expect(closeCodeAction(4999)).toBe(UNKNOWN_CLOSE_ACTION);
    expect(closeCodeAction(undefined)).toBe(CAUSE_ACTIONS.network);
  });

  it("only the documented fatal codes are fatal", () => {
    const fatal = Object.entries(CLOSE_CODE_ACTIONS).filter(([, a]) => a.fatal).map(([c]) => Number(c)).sort();
    expect(fatal).toEqual([4001, 4002, 4010, 4011, 4012, 4013, 4014, 4914, 4915]);
  });

  it("causes that are not close codes follow the table", () => {
    const row = (a: (typeof CAUSE_ACTIONS)[keyof typeof CAUSE_ACTIONS]) => [a.session, a.token, a.delay, a.fatal, a.failedResume];
    expect(row(CAUSE_ACTIONS.reconnectRequested)).toEqual(["keep", "keep", "immediate", false, false]);
    expect(row(CAUSE_ACTIONS.invalidSessionResumable)).toEqual(["keep", "keep", "invalid-session", false, true]);
    expect(row(CAUSE_ACTIONS.invalidSession)).toEqual(["clear", "refresh", "invalid-session", false, true]);
    expect(row(CAUSE_ACTIONS.zombie)).toEqual(["keep", "keep", "immediate", false, false]);
    expect(row(CAUSE_ACTIONS.network)).toEqual(["keep", "keep", "backoff", false, false]);
    expect(row(CAUSE_ACTIONS.failedResumes)).toEqual(["clear", "keep", "backoff", false, false]);
    expect(row(CAUSE_ACTIONS.frameTooLarge)).toEqual(["clear", "keep", "backoff", false, false]);
    expect(DEFAULT_RECONNECT_POLICY.invalidSessionDelayMs).toBe(3000);
  });
});
