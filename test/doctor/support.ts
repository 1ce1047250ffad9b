/**
 * Helpers for the doctor tests: a simulated platform with its sandbox (stopped after each
 * test), the doctor's options pointed at it, and a run that returns the report by check name.
 */
import { afterEach } from "vitest";
import type { CheckName, CheckResult, DoctorReport } from "../../src/doctor/check-result.js";
import type { DoctorIo } from "../../src/doctor/context.js";
import { DEFAULT_DOCTOR_OPTIONS, type DoctorOptions } from "../../src/doctor/options.js";
import { runDoctor } from "../../src/doctor/run-doctor.js";
import { startSimulatedPlatform, type SimulatedPlatform, type SimulatedPlatformOptions } from "../../src/testing/index.js";
import { onCleanup, runCleanups } from "../helpers/cleanups.js";

afterEach(runCleanups);

/** A distinctive secret, so a test can look for it in every output. */
export const SECRET = "doctor-test-secret-5b2e91c7";

/** Start a platform (with its sandbox) for one test. */
export async function platform(options: SimulatedPlatformOptions = {}): Promise<SimulatedPlatform> {
  const p = await startSimulatedPlatform({ sandbox: true, identifyWindowMs: 0, clientSecret: SECRET, ...options });
  onCleanup(() => p.close());
  return p;
}

/** The doctor's options for `p` (both environments, its token URL, its credentials). */
export function optionsFor(p: SimulatedPlatform, overrides: Partial<DoctorOptions> = {}): DoctorOptions {
  return {
    ...DEFAULT_DOCTOR_OPTIONS,
    appId: p.appId,
    clientSecret: p.clientSecret,
    secretSource: "env",
    apiBase: p.apiBase,
    sandboxApiBase: p.sandboxApiBase ?? p.apiBase,
    tokenUrl: p.tokenUrl,
    timeoutMs: 5_000,
    ...overrides,
  };
}

/** The report, plus each check's verdict by name. */
export interface Diagnosis extends DoctorReport {
  by: Record<CheckName, CheckResult>;
  /** Every word of the report, for "no secret anywhere" checks. */
  text: string;
}

/** Run the doctor against `p`. */
export async function diagnose(p: SimulatedPlatform, overrides: Partial<DoctorOptions> = {}, io: Partial<DoctorIo> = {}): Promise<Diagnosis> {
  const report = await runDoctor(optionsFor(p, overrides), io);
  const by = Object.fromEntries(report.checks.map((c) => [c.check, c])) as Record<CheckName, CheckResult>;
  return { ...report, by, text: JSON.stringify(report) };
}

/** The statuses in check order, e.g. `["pass", "pass", "fail", …]`. */
export const statuses = (d: DoctorReport): string[] => d.checks.map((c) => `${c.check}:${c.status}`);

/** The token the platform hands out now: the one the doctor got (it is reissued only near expiry). */
export async function currentToken(p: SimulatedPlatform): Promise<string> {
  const res = await fetch(p.tokenUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ appId: p.appId, clientSecret: p.clientSecret }) });
  return ((await res.json()) as { access_token: string }).access_token;
}
