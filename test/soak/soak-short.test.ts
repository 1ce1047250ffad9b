/**
 * The short seeded soak inside `npm test`: one fault of every kind plus random draws, with
 * messages flowing throughout, against the simulator in this process. The full 10 000-fault
 * run is `npm run soak`. Replay a failure with `SOAK_SEED=<seed> npx vitest run test/soak/soak-short.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import { runSoak, SOAK_PLATFORM_OPTIONS, type SoakReport } from "../../bench/soak/engine.js";
import { DEFAULT_FAULT_WEIGHTS, FATAL_CLOSE_CODES } from "../../bench/soak/schedule.js";
import { localSoakPlatform } from "../../bench/soak/soak-platform.js";

const seed = process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) : 20_251_125;
const FAULTS = 45;

describe(`short soak (seed ${seed})`, () => {
  let platform: SimulatedPlatform;
  let report: SoakReport;

  beforeAll(async () => {
    platform = await startSimulatedPlatform(SOAK_PLATFORM_OPTIONS);
    report = await runSoak({
      platform: localSoakPlatform(platform),
      seed,
      faults: FAULTS,
      gap: { minMs: 10, maxMs: 25 },
      coverEveryKind: true,
      // op 9 costs a fixed 3 s each: only the two of the coverage set.
      weights: { ...DEFAULT_FAULT_WEIGHTS, op9true: 0, op9false: 0 },
      fatalAtEnd: "always",
      maxHeapGrowthMB: 48, // the simulator (replay logs) shares this heap
    });
  }, 90_000);

  afterAll(async () => {
    await platform?.close();
  });

  it("has no violation: nothing lost or doubled, no unhandled rejection, bounded heap, no handle left", () => {
    expect(report.violations, `seed ${seed}: ${report.violations.join("; ")}`).toEqual([]);
    expect(report.messages.outstanding, `seed ${seed}`).toBe(0);
    expect(report.messages.duplicates, `seed ${seed}`).toBe(0);
    expect(report.unhandledRejections, `seed ${seed}`).toBe(0);
    expect(report.resourcesLeftAfterClose, `seed ${seed}`).toEqual({});
  });

  it("really ran: every fault kind was injected and messages flowed through them", () => {
    expect(Object.values(report.faultsByClass).reduce((a, b) => a + b, 0), `seed ${seed}`).toBe(FAULTS);
    for (const cls of ["close 4009", "close 4008", "close 1006", "close (identify)", "op 7", "op 9 true", "op 9 false", "zombie (missed ACKs)", "upgrade hang", "/gateway rate-limit", "/gateway 500", "/gateway empty"]) {
      expect(report.faultsByClass[cls] ?? 0, `seed ${seed}: ${cls} never injected`).toBeGreaterThan(0);
    }
    expect(report.messages.delivered, `seed ${seed}`).toBeGreaterThan(200);
    expect(report.messages.delivered).toBe(report.messages.pushed);
    expect(report.botStats.resumes, `seed ${seed}`).toBeGreaterThan(10);
  });

  it("a fatal close code ends the bot with exactly that GatewayFatalError, and nothing else did", () => {
    expect(FATAL_CLOSE_CODES).toContain(report.fatalInjected); // fatalAtEnd "always": one of them was injected
    expect(report.fatalGot, `seed ${seed}`).toBe(`CLOSE_CODE_FATAL ${report.fatalInjected}`);
  });
});
