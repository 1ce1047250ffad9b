/**
 * The soak's seeded fault schedule: which fault each step injects, drawn from every class
 * PROTOCOL.md A1/A2 names, and whether it costs the session (then the message stream is
 * drained first: events after a session is abandoned are lost by the protocol itself).
 */
import type { GatewayResponseFault, UpgradeFault } from "../../src/testing/index.js";
import type { Rng } from "./prng.js";

/** Close codes after which the bot keeps its session and RESUMEs. */
export const RESUMABLE_CLOSE_CODES = [4009, 4008, 4004, 1000, 1001, 1006, 4000, 4015, 3000] as const;
/** Close codes after which the bot drops its session and IDENTIFYs. */
export const IDENTIFY_CLOSE_CODES = [4006, 4007, ...Array.from({ length: 14 }, (_, i) => 4900 + i)] as const;
/** Close codes that end the bot with `GatewayFatalError`. */
export const FATAL_CLOSE_CODES = [4001, 4002, 4010, 4011, 4012, 4013, 4014, 4914, 4915] as const;

/** What `/gateway` does after the URL was invalidated by an upgrade failure. */
export type GatewayFault = "none" | "rate-limit" | GatewayResponseFault;

/** One fault. */
export type FaultStep =
  | { kind: "close"; code: number }
  | { kind: "op7" }
  | { kind: "op9"; resumable: boolean }
  | { kind: "zombie" }
  | { kind: "upgrade"; mode: UpgradeFault; times: number; gateway: GatewayFault };

/** A fault with its timing and expected outcome. */
export interface ScheduledStep {
  fault: FaultStep;
  /** Messages keep flowing this long before the fault. */
  gapMs: number;
  /** The session is lost (IDENTIFY expected): drain before, wait for READY after. */
  breaksSession: boolean;
}

const GATEWAY_FAULTS: readonly GatewayFault[] = ["none", "rate-limit", "500", "502", "empty", "html", "truncated", "no-url"];
const UPGRADE_FAULTS: readonly UpgradeFault[] = ["refuse", "non-101", "hang"];

/** Relative weights of the fault kinds in random draws. */
export type FaultWeights = Record<"resumableClose" | "identifyClose" | "op7" | "op9true" | "op9false" | "zombie" | "upgrade", number>;

/**
 * Default weights. op 9 is rare on purpose: PROTOCOL.md A1 makes the bot wait a fixed 3 s
 * after it (not scaled by the reconnect policy), so it dominates a soak's wall time.
 */
export const DEFAULT_FAULT_WEIGHTS: FaultWeights = { resumableClose: 32, identifyClose: 12, op7: 14, op9true: 1, op9false: 1, zombie: 7, upgrade: 30 };

/** Draw one fault. */
export function drawFault(rng: Rng, weights: FaultWeights = DEFAULT_FAULT_WEIGHTS): FaultStep {
  const kind = rng.weighted(weights);
  switch (kind) {
    case "resumableClose":
      return { kind: "close", code: rng.pick(RESUMABLE_CLOSE_CODES) };
    case "identifyClose":
      return { kind: "close", code: rng.pick(IDENTIFY_CLOSE_CODES) };
    case "op7":
      return { kind: "op7" };
    case "op9true":
    case "op9false":
      return { kind: "op9", resumable: kind === "op9true" };
    case "zombie":
      return { kind: "zombie" };
    case "upgrade":
      return { kind: "upgrade", mode: rng.pick(UPGRADE_FAULTS), times: rng.int(1, 2), gateway: rng.pick(GATEWAY_FAULTS) };
  }
}

/** One fault of every kind and sub-kind (each upgrade mode, each `/gateway` fault, both op 9s…). */
export function everyFaultOnce(rng: Rng): FaultStep[] {
  return [
    { kind: "close", code: rng.pick(RESUMABLE_CLOSE_CODES) },
    { kind: "close", code: 4009 },
    { kind: "close", code: 4008 },
    { kind: "close", code: 1006 },
    { kind: "close", code: rng.pick(IDENTIFY_CLOSE_CODES) },
    { kind: "op7" },
    { kind: "op9", resumable: true },
    { kind: "op9", resumable: false },
    { kind: "zombie" },
    ...UPGRADE_FAULTS.map((mode): FaultStep => ({ kind: "upgrade", mode, times: 1, gateway: "none" })),
    ...GATEWAY_FAULTS.filter((g) => g !== "none").map((gateway): FaultStep => ({ kind: "upgrade", mode: "refuse", times: 1, gateway })),
  ];
}

/** Options of {@link makeSchedule}. */
export interface ScheduleOptions {
  count: number;
  gap: { minMs: number; maxMs: number };
  weights?: FaultWeights;
  /** Include {@link everyFaultOnce} (shuffled into the random draws). */
  coverEveryKind?: boolean;
}

/** The whole schedule, drawn up front so it does not depend on timing. */
export function makeSchedule(rng: Rng, o: ScheduleOptions): ScheduledStep[] {
  const faults = o.coverEveryKind ? everyFaultOnce(rng).slice(0, o.count) : [];
  while (faults.length < o.count) faults.push(drawFault(rng, o.weights));
  for (let i = faults.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [faults[i], faults[j]] = [faults[j]!, faults[i]!];
  }
  return faults.map((fault) => ({ fault, gapMs: rng.int(o.gap.minMs, o.gap.maxMs), breaksSession: breaksSession(fault) }));
}

/** Whether `fault` costs the session. */
export function breaksSession(fault: FaultStep): boolean {
  if (fault.kind === "close") return (IDENTIFY_CLOSE_CODES as readonly number[]).includes(fault.code);
  return fault.kind === "op9" && !fault.resumable;
}

/** A short label for logs and counts: `close 4009`, `upgrade hang ×2 + /gateway 502`… */
export function describeFault(fault: FaultStep): string {
  switch (fault.kind) {
    case "close":
      return `close ${fault.code}`;
    case "op7":
      return "op 7";
    case "op9":
      return `op 9 ${fault.resumable}`;
    case "zombie":
      return "zombie (missed ACKs)";
    case "upgrade":
      return `upgrade ${fault.mode} ×${fault.times}${fault.gateway === "none" ? "" : ` + /gateway ${fault.gateway}`}`;
  }
}

/** Its class, for the per-class counts of the report. */
export function faultClass(fault: FaultStep): string {
  if (fault.kind === "close") return breaksSession(fault) ? "close (identify)" : `close ${fault.code}`;
  if (fault.kind === "upgrade") return fault.gateway === "none" ? `upgrade ${fault.mode}` : `/gateway ${fault.gateway}`;
  return describeFault(fault);
}
