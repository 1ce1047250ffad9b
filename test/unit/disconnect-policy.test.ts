import { describe, expect, it } from "vitest";
import { actionFor, bootPlan, planAfterDisconnect, type PolicyState, type ReconnectPlan } from "../../src/gateway/disconnect-policy.js";
import { CAUSE_ACTIONS } from "../../src/protocol/close-codes.js";
import { GatewayFatalError } from "../../src/errors.js";
import type { Disconnect } from "../../src/gateway/types.js";
import { DEFAULT_RECONNECT_POLICY } from "../../src/gateway/options.js";
import { disconnect } from "./reconnect-fakes.js";

const ctx = { policy: DEFAULT_RECONNECT_POLICY, random: () => 0.5, shard: 2 };
const start: PolicyState = bootPlan().state;
const plan = (d: Partial<Disconnect>, state: PolicyState = start): ReconnectPlan => planAfterDisconnect(state, disconnect(d), ctx);
const fold = (ds: Partial<Disconnect>[]): ReconnectPlan[] => {
  const out: ReconnectPlan[] = [];
  let state = start;
  for (const d of ds) {
    const p = plan(d, state);
    out.push(p);
    state = p.state;
  }
  return out;
};
const failed = { ready: false, connectedFor: 100 };
const summary = (p: ReconnectPlan) => ({ session: p.session, refreshToken: p.refreshToken, delayMs: p.delayMs, coolingDown: p.coolingDown });

describe("actionFor", () => {
  it("maps causes onto the table", () => {
    expect(actionFor(disconnect({ cause: "reconnect", closeCode: 4000 }))).toBe(CAUSE_ACTIONS.reconnectRequested);
    expect(actionFor(disconnect({ cause: "invalid-session", resumable: true }))).toBe(CAUSE_ACTIONS.invalidSessionResumable);
    expect(actionFor(disconnect({ cause: "invalid-session" }))).toBe(CAUSE_ACTIONS.invalidSession);
    expect(actionFor(disconnect({ cause: "zombie" }))).toBe(CAUSE_ACTIONS.zombie);
    expect(actionFor(disconnect({ cause: "hello-timeout" }))).toBe(CAUSE_ACTIONS.network);
    expect(actionFor(disconnect({ cause: "close" }))).toBe(CAUSE_ACTIONS.network);
    expect(actionFor(disconnect({ cause: "close", closeCode: 4009 })).delay).toBe("immediate");
  });
});

describe("planAfterDisconnect", () => {
  it("4009, op 7 and zombie after a healthy connection: resume at once", () => {
    for (const d of [{ closeCode: 4009 }, { cause: "reconnect" as const, closeCode: 4000 }, { cause: "zombie" as const }]) {
      expect(summary(plan(d))).toEqual({ session: "keep", refreshToken: false, delayMs: 0, coolingDown: false });
      expect(plan(d).state.failures).toBe(0);
    }
  });

  it("'immediate' is the backoff when the connection never reached READY", () => {
    expect(plan({ closeCode: 4009, ...failed }).delayMs).toBe(1000);
    expect(fold([{ closeCode: 4009 }, { closeCode: 4009, ...failed }]).map((p) => p.delayMs)).toEqual([0, 1000]);
  });

  it("backoff grows with consecutive failures and restarts after READY", () => {
    const net = { cause: "connect-failed" as const, ready: false, sawHello: false, connectedFor: 0 };
    const plans = fold([{ closeCode: 1006 }, net, net, net, { closeCode: 1006 }, net]);
    expect(plans.map((p) => p.delayMs)).toEqual([1000, 2000, 5000, 10_000, 1000, 2000]);
  });

  it("4008 cools down for rateLimitCooldownMs and keeps the session", () => {
    expect(summary(plan({ closeCode: 4008 }))).toEqual({ session: "keep", refreshToken: false, delayMs: 60_000, coolingDown: true });
  });

  it("a rate-limited attempt cools down for its retryAfterMs (else rateLimitCooldownMs), keeps session and token, and leaves the counts alone", () => {
    const state: PolicyState = { failures: 3, failedResumes: 1 };
    const limited = { cause: "rate-limited" as const, reason: "the token endpoint is rate limited (100001)", ready: false, sawHello: false, connectedFor: 0 };
    expect(plan({ ...limited, retryAfterMs: 7000 }, state)).toEqual({
      kind: "reconnect", session: "keep", refreshToken: false, delayMs: 7000, coolingDown: true,
      reason: "the token endpoint is rate limited (100001)", fatal: undefined, state,
    });
    expect(plan(limited, state)).toMatchObject({ delayMs: 60_000, coolingDown: true, session: "keep", refreshToken: false, state });
    expect(plan({ ...limited, attemptedResume: true }, state).state).toBe(state);
  });

  it("op 9 waits 3 s; d false clears the session and refreshes the token, d true keeps it", () => {
    expect(summary(plan({ cause: "invalid-session", resumable: false, ...failed }))).toEqual({ session: "clear", refreshToken: true, delayMs: 3000, coolingDown: false });
    expect(summary(plan({ cause: "invalid-session", resumable: true, ...failed }))).toEqual({ session: "keep", refreshToken: false, delayMs: 3000, coolingDown: false });
  });

  it("4004 refreshes the token; 4006/4007 clear the session; 49xx do both", () => {
    expect(summary(plan({ closeCode: 4004 }))).toMatchObject({ session: "keep", refreshToken: true });
    expect(summary(plan({ closeCode: 4006 }))).toMatchObject({ session: "clear", refreshToken: false });
    expect(summary(plan({ closeCode: 4007 }))).toMatchObject({ session: "clear", refreshToken: false });
    expect(summary(plan({ closeCode: 4905 }))).toMatchObject({ session: "clear", refreshToken: true });
  });

  it.each([4001, 4002, 4010, 4011, 4012, 4013, 4014, 4914, 4915])("close %i is fatal with its code and meaning", (closeCode) => {
    const p = plan({ closeCode });
    expect(p.fatal).toBeInstanceOf(GatewayFatalError);
    expect(p.fatal?.code).toBe("CLOSE_CODE_FATAL");
    expect(p.fatal?.closeCode).toBe(closeCode);
    expect(p.fatal?.shard).toBe(2);
    expect(p.fatal?.message).toContain(String(closeCode));
    expect(p.fatal?.message).toContain(actionFor(disconnect({ closeCode })).meaning);
  });

  it("non-fatal codes never carry an error", () => {
    for (const closeCode of [1000, 1006, 4004, 4006, 4008, 4009, 4900, 4913, 4999]) expect(plan({ closeCode }).fatal).toBeUndefined();
  });

  it("maxFailedResumes (2) resumes in a row without RESUMED clear the session", () => {
    const resumeFailed = { attemptedResume: true, ready: false, connectedFor: 100 };
    const plans = fold([{ closeCode: 1006 }, resumeFailed, resumeFailed, resumeFailed]);
    expect(plans.map((p) => p.session)).toEqual(["keep", "keep", "clear", "keep"]);
    expect(plans.map((p) => p.state.failedResumes)).toEqual([0, 1, 0, 1]);
    expect(plans[2]?.reason).toMatch(/2 resumes in a row failed/);
  });

  it("op 9 counts as a failed resume even after IDENTIFY; a socket that never opened does not reset the count", () => {
    const op9 = { cause: "invalid-session" as const, resumable: true, ready: false };
    const never = { cause: "connect-failed" as const, ready: false, sawHello: false, connectedFor: 0 };
    expect(fold([op9, never, op9]).map((p) => p.session)).toEqual(["keep", "keep", "clear"]);
  });

  it("READY resets the failed-resume count", () => {
    const resumeFailed = { attemptedResume: true, ready: false };
    expect(fold([resumeFailed, { closeCode: 1006, attemptedResume: true, ready: true }, resumeFailed]).map((p) => p.session)).toEqual(["keep", "keep", "keep"]);
  });

  it("explains itself", () => {
    expect(plan({ closeCode: 4009, reason: "session timed out" }).reason).toBe(
      "close 4009 (session timed out (the platform does this about every 30 min): resume): session timed out",
    );
  });
});
