/**
 * Field checks of the simulated OpenAPI's bodies and queries: each failure throws the
 * platform error the area uses (12002 for most bodies, 502007 for a mute field, 302000 for a
 * schedule …), naming the field, so a wrong body gets the platform's code.
 */
import { PlatformError, PlatformHttpError, type PlatformErrorSpec } from "../platform-errors.js";

/** A JSON object body. */
export type Fields = Record<string, unknown>;

/** Throw the platform error `spec`, with a detail when given. */
export function fail(spec: PlatformErrorSpec, detail?: string): never {
  throw new PlatformHttpError(spec, detail);
}

/** Whether a value is a JSON object (not `null`, not an array). */
export function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The body as an object (absent = `{}`), or `spec`. */
export function objectBody(body: unknown, spec: PlatformErrorSpec = PlatformError.REQUEST_INVALID): Fields {
  if (body === undefined) return {};
  if (isObject(body)) return body;
  return fail(spec, "body must be a JSON object");
}

/** A non-empty string field, or `spec`. */
export function requiredString(b: Fields, key: string, spec: PlatformErrorSpec): string {
  const value = b[key];
  if (typeof value !== "string" || value === "") fail(spec, `${key} must be a non-empty string`);
  return value;
}

/** A string field when present, or `spec`. */
export function optionalString(b: Fields, key: string, spec: PlatformErrorSpec): string | undefined {
  const value = b[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") fail(spec, `${key} must be a string`);
  return value;
}

/** A finite number field when present (optionally one of `allowed`), or `spec`. */
export function optionalNumber(b: Fields, key: string, spec: PlatformErrorSpec, allowed?: readonly number[]): number | undefined {
  const value = b[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) fail(spec, `${key} must be a number`);
  if (allowed && !allowed.includes(value)) fail(spec, `${key} must be one of ${allowed.join(", ")}`);
  return value;
}

/** A finite number field, or `spec`. */
export function requiredNumber(b: Fields, key: string, spec: PlatformErrorSpec, allowed?: readonly number[]): number {
  const value = optionalNumber(b, key, spec, allowed);
  if (value === undefined) fail(spec, `${key} is required`);
  return value;
}

/** A boolean field when present, or `spec`. */
export function optionalBoolean(b: Fields, key: string, spec: PlatformErrorSpec): boolean | undefined {
  const value = b[key];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") fail(spec, `${key} must be a boolean`);
  return value;
}

/** An array of non-empty strings when present, or `spec`. */
export function optionalStrings(b: Fields, key: string, spec: PlatformErrorSpec): string[] | undefined {
  const value = b[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v !== "")) fail(spec, `${key} must be an array of strings`);
  return value as string[];
}

/** A decimal-digit string field when present (`"600"`), or `spec`. */
export function optionalDigits(b: Fields, key: string, spec: PlatformErrorSpec): string | undefined {
  const value = optionalString(b, key, spec);
  if (value !== undefined && !/^\d+$/.test(value)) fail(spec, `${key} must be a decimal string`);
  return value;
}

/** A query parameter as a non-negative integer within `[1, max]` (default `def`), or `spec`. */
export function queryLimit(query: Record<string, string>, key: string, def: number, max: number, spec: PlatformErrorSpec): number {
  const raw = query[key];
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(spec, `${key} must be a positive integer`);
  return Math.min(n, max);
}

/** Compare two snowflake ids numerically. */
export function compareIds(a: string, b: string): number {
  const x = /^\d+$/.test(a) ? BigInt(a) : 0n;
  const y = /^\d+$/.test(b) ? BigInt(b) : 0n;
  return x < y ? -1 : x > y ? 1 : a.localeCompare(b);
}
