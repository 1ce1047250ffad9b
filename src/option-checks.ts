/**
 * The checks every layer's option validation uses: each pushes a {@link ConfigProblem} naming
 * the field and what is wrong, so `QQBotConfigError` can list every bad field at once.
 * Ground floor: imports nothing but the error types.
 */
import type { ConfigProblem } from "./errors.js";

/** Problems found so far. */
export type Problems = ConfigProblem[];

/** A short, secret-free description of a bad value for a problem message. */
export function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `string ${JSON.stringify(value.slice(0, 40))}`;
  if (Array.isArray(value)) return "array";
  return value === null ? "null" : typeof value;
}

/** A finite non-negative number, optionally an integer within `[min, max]`. */
export function checkNumber(problems: Problems, field: string, value: unknown, opts: { integer?: boolean; min?: number; max?: number } = {}): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    problems.push({ field, problem: `must be a finite non-negative number (got ${describe(value)})` });
    return;
  }
  if (opts.integer && !Number.isInteger(value)) problems.push({ field, problem: `must be an integer (got ${value})` });
  if (opts.min !== undefined && value < opts.min) problems.push({ field, problem: `must be at least ${opts.min} (got ${value})` });
  if (opts.max !== undefined && value > opts.max) problems.push({ field, problem: `must be at most ${opts.max} (got ${value})` });
}

/** A list of milliseconds (`allowEmpty` for lists where `[]` means "none"). */
export function checkDelays(problems: Problems, field: string, value: unknown, allowEmpty = false): void {
  if (!Array.isArray(value)) {
    problems.push({ field, problem: `must be an array of milliseconds (got ${describe(value)})` });
    return;
  }
  if (value.length === 0 && !allowEmpty) problems.push({ field, problem: "must not be empty" });
  value.forEach((v, i) => checkNumber(problems, `${field}[${i}]`, v));
}

/** `true` when `value` is a plain object to look into; `undefined` is fine and skipped. */
export function checkObject(problems: Problems, field: string, value: unknown): value is Record<string, unknown> {
  if (value === undefined) return false;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push({ field, problem: `must be an object (got ${describe(value)})` });
    return false;
  }
  return true;
}

/** Every key of `input` must be one of `known`. */
export function checkKnownKeys(problems: Problems, prefix: string, input: object, known: object, what: string): void {
  for (const key of Object.keys(input)) {
    if (!(key in known)) problems.push({ field: `${prefix}.${key}`, problem: `is not ${what}` });
  }
}

/** An absolute URL with one of `protocols` (e.g. `["http:", "https:"]`); `undefined` is fine. */
export function checkUrl(problems: Problems, field: string, value: unknown, protocols: readonly string[]): void {
  if (value === undefined) return;
  if (typeof value !== "string") return void problems.push({ field, problem: `must be a URL string (got ${describe(value)})` });
  try {
    const u = new URL(value);
    if (!protocols.includes(u.protocol)) problems.push({ field, problem: `must use ${protocols.join(" or ")} (got ${u.protocol})` });
  } catch {
    problems.push({ field, problem: "is not a valid URL" });
  }
}

/** The object without its `undefined` fields, so spreading it over defaults keeps them. */
export function definedOnly<T extends object>(input: T | undefined): Partial<T> {
  if (!input) return {};
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
