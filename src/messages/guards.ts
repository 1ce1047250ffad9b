/**
 * The two checks every reader of a dispatch's `d` (and of a send response) makes on values
 * that arrived as JSON: is it an object, is it a non-empty string. Tiny and allocation-free:
 * they run on every message.
 */

/** A JSON object as parsed, fields not yet checked. */
export type Rec = Record<string, unknown>;

/** Whether `v` is a plain JSON object (not `null`, not an array). */
export const isRecord = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);

/** `v` when it is a non-empty string, else `undefined`. */
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
