/**
 * The envelope of a gateway frame (`op`, `s`, `t`, `id`) read straight from its bytes, without
 * parsing `d`: how an oversized dispatch is identified (its seq, type and event id) so it can be
 * skipped with a warning naming it, and the session still moves past it. One pass, no copy of
 * the frame; nested values are stepped over, not decoded. Pure, never throws.
 */

/** What {@link peekEnvelope} found (fields absent when missing or of the wrong type). */
export interface FrameEnvelope {
  op?: number;
  s?: number;
  t?: string;
  id?: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** Longest envelope string (`t`, `id`) decoded; longer ones are left out. */
const MAX_FIELD_BYTES = 512;

/** Read the top-level `op`, `s`, `t` and `id` of the JSON object in `buf`. */
export function peekEnvelope(buf: Uint8Array): FrameEnvelope {
  const out: FrameEnvelope = {};
  let i = skipSpace(buf, 0);
  if (buf[i] !== OPEN_OBJECT) return out;
  i += 1;
  while (i < buf.length) {
    i = skipSpace(buf, i);
    if (buf[i] !== QUOTE) return out;
    const keyEnd = stringEnd(buf, i);
    if (keyEnd < 0) return out;
    const key = keyEnd - i <= 6 ? Buffer.from(buf.subarray(i + 1, keyEnd)).toString("latin1") : "";
    i = skipSpace(buf, keyEnd + 1);
    if (buf[i] !== COLON) return out;
    const start = skipSpace(buf, i + 1);
    const end = valueEnd(buf, start);
    if (end < 0) return out;
    if (key === "op" || key === "s") {
      const n = Number(Buffer.from(buf.subarray(start, end)).toString("latin1"));
      if (Number.isInteger(n) && n >= 0) out[key] = n;
    } else if ((key === "t" || key === "id") && buf[start] === QUOTE && end - start <= MAX_FIELD_BYTES) {
      const text = decodeString(buf.subarray(start, end));
      if (text !== undefined) out[key] = text;
    }
    i = skipSpace(buf, end);
    if (buf[i] === COMMA) i += 1;
    else return out;
  }
  return out;
}

function skipSpace(buf: Uint8Array, from: number): number {
  let i = from;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i += 1;
  return i;
}

/** Index of the closing quote of the string opening at `from`, or -1. */
function stringEnd(buf: Uint8Array, from: number): number {
  for (let i = from + 1; i < buf.length; i += 1) {
    if (buf[i] === BACKSLASH) i += 1;
    else if (buf[i] === QUOTE) return i;
  }
  return -1;
}

/** Index just past the value starting at `from` (string, object, array, number or literal), or -1. */
function valueEnd(buf: Uint8Array, from: number): number {
  const first = buf[from];
  if (first === QUOTE) {
    const end = stringEnd(buf, from);
    return end < 0 ? -1 : end + 1;
  }
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    for (let i = from; i < buf.length; i += 1) {
      const c = buf[i];
      if (c === QUOTE) {
        i = stringEnd(buf, i);
        if (i < 0) return -1;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth += 1;
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
  let i = from;
  while (i < buf.length && buf[i] !== COMMA && buf[i] !== CLOSE_OBJECT && buf[i] !== 0x20 && buf[i] !== 0x0a && buf[i] !== 0x0d && buf[i] !== 0x09) i += 1;
  return i > from ? i : -1;
}

function decodeString(bytes: Uint8Array): string | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString("utf8"));
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
