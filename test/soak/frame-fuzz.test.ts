/**
 * Frame fuzzing of `parseFrame` with fast-check: non-JSON, wrong types, unknown ops, huge
 * payloads, binary frames, fragments. It never throws, every rejection is a bounded
 * `ProtocolError` with no secret in it, and accept/reject matches the documented rules
 * (a model written here from the TSDoc, independent of the implementation).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../src/errors.js";
import { DEFAULT_MAX_FRAME_BYTES, parseFrame, type RawFrame } from "../../src/gateway/frames.js";

const SECRET = "fuzz-secret-0123456789abcdef";
const TOKEN = "fuzzTOKENabcdefgh12345678";
const SMALL_MAX = 2048;
const KNOWN_OPS = [0, 1, 2, 6, 7, 9, 10, 11, 12, 13];

const scalar = fc.oneof(fc.integer({ min: -3, max: 20 }), fc.double(), fc.string(), fc.boolean(), fc.constant(null));
const withSecret = fc.oneof(fc.constant(SECRET), fc.constant(`QQBot ${TOKEN}`), fc.constant(TOKEN), fc.string());
const envelope = fc.record(
  {
    op: fc.oneof(fc.constantFrom(...KNOWN_OPS), scalar),
    s: fc.oneof(fc.nat(), scalar),
    t: fc.oneof(fc.constantFrom("READY", "RESUMED", "C2C_MESSAGE_CREATE", ""), scalar),
    id: fc.oneof(fc.string(), scalar),
    d: fc.oneof(
      fc.jsonValue(),
      fc.record({ heartbeat_interval: scalar }),
      fc.record({ session_id: fc.oneof(fc.string(), scalar), token: withSecret }),
    ),
  },
  { requiredKeys: [] },
);

/** One raw frame as the socket delivers it. */
const frameArb: fc.Arbitrary<{ data: RawFrame; isBinary: boolean }> = fc.oneof(
  envelope.map((e) => ({ data: JSON.stringify(e), isBinary: false })),
  envelope.map((e) => ({ data: Buffer.from(JSON.stringify(e)), isBinary: false })),
  fc.jsonValue().map((v) => ({ data: JSON.stringify(v) ?? "undefined", isBinary: false })),
  fc.string({ unit: "binary" }).map((s) => ({ data: s, isBinary: false })),
  fc.tuple(withSecret, fc.string()).map(([a, b]) => ({ data: `{"op":0,"t":"X","d":"${a}"${b}`, isBinary: false })),
  fc.uint8Array({ maxLength: 300 }).map((a) => ({ data: Buffer.from(a), isBinary: true })),
  fc.uint8Array({ maxLength: 300 }).map((a) => ({ data: Buffer.from(a), isBinary: false })),
  envelope.map((e) => {
    const buf = Buffer.from(JSON.stringify(e));
    const cut = Math.floor(buf.length / 2);
    return { data: [buf.subarray(0, cut), buf.subarray(cut)] as readonly Buffer[], isBinary: false };
  }),
  fc.tuple(fc.integer({ min: SMALL_MAX - 40, max: SMALL_MAX * 3 }), withSecret).map(([n, s]) => ({
    data: JSON.stringify({ op: 0, s: 1, t: "HUGE", d: { s, pad: "x".repeat(n) } }),
    isBinary: false,
  })),
);

const bytesOf = (data: RawFrame): Buffer =>
  typeof data === "string" ? Buffer.from(data) : Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const absent = (v: unknown): boolean => v === undefined || v === null;

/** The documented rules of `parseFrame`, as a model. */
function modelAccepts(data: RawFrame, isBinary: boolean, max: number): boolean {
  const buf = bytesOf(data);
  if (buf.length > max || isBinary) return false;
  let v: unknown;
  try {
    v = JSON.parse(buf.toString("utf8"));
  } catch {
    return false;
  }
  if (!isObj(v)) return false;
  const { op, s, t, id, d } = v;
  if (typeof op !== "number" || !Number.isInteger(op) || !KNOWN_OPS.includes(op)) return false;
  if (!absent(s) && !(typeof s === "number" && Number.isInteger(s) && s >= 0)) return false;
  if (!absent(t) && typeof t !== "string") return false;
  if (op === 0 && !(typeof t === "string" && t !== "")) return false;
  if (!absent(id) && typeof id !== "string") return false;
  if (op === 10) {
    const hb = isObj(d) ? d.heartbeat_interval : undefined;
    if (!(typeof hb === "number" && Number.isFinite(hb) && hb > 0)) return false;
  }
  if (op === 0 && t === "READY" && !(isObj(d) && typeof d.session_id === "string" && d.session_id !== "")) return false;
  return true;
}

describe("parseFrame under fuzzing", () => {
  it("never throws; accepts exactly what the documented rules accept; rejections are bounded ProtocolErrors without secrets", () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(frameArb, ({ data, isBinary }) => {
        const result = parseFrame(data, isBinary, SMALL_MAX, [SECRET, TOKEN]);
        expect(result.ok).toBe(modelAccepts(data, isBinary, SMALL_MAX));
        if (result.ok) {
          accepted += 1;
          expect(KNOWN_OPS).toContain(result.payload.op);
          return;
        }
        rejected += 1;
        expect(result.error).toBeInstanceOf(ProtocolError);
        expect(result.error.message.length).toBeGreaterThan(0);
        expect(result.error.message.length).toBeLessThan(500);
        // 120 characters + "…"; a "[redacted]" may replace a shorter cut-off credential.
        expect((result.error.frame ?? "").length).toBeLessThanOrEqual(140);
        expect(result.error.message).not.toContain(SECRET);
        expect(result.error.message).not.toContain(TOKEN);
      }),
      { numRuns: 3000, seed: 7 },
    );
    // Both sides of the property were exercised.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(1000);
  });

  it("never shows part of a secret that straddles the end of the excerpt", () => {
    // The secret right at the 120-character cut, or right after a JSON syntax error (V8 quotes ~10 characters there).
    const straddling = fc.tuple(fc.integer({ min: 0, max: 125 }), fc.constantFrom(SECRET, TOKEN), fc.string({ maxLength: 40 }), fc.boolean());
    fc.assert(
      fc.property(straddling, ([at, secret, tail, json]) => {
        const text = json ? `{"pad":"${"#".repeat(at)}","d":x${secret}${tail}` : `${"#".repeat(at)}${secret}${tail}`;
        const result = parseFrame(text, false, SMALL_MAX, [SECRET, TOKEN]);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.message).not.toContain(secret.slice(0, 8));
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it("keeps the fields of every accepted frame as they were sent", () => {
    const valid = fc.record({
      op: fc.constantFrom(0, 1, 7, 9, 11),
      s: fc.nat(),
      t: fc.string({ minLength: 1 }).filter((t) => t !== "READY"),
      id: fc.string(),
      d: fc.jsonValue(),
    });
    fc.assert(
      fc.property(valid, (frame) => {
        const result = parseFrame(JSON.stringify(frame), false, DEFAULT_MAX_FRAME_BYTES);
        expect(result).toEqual({ ok: true, payload: JSON.parse(JSON.stringify(frame)) });
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it("rejects a 2 MiB frame against the default 1 MiB limit without decoding it whole", () => {
    const huge = Buffer.alloc(2 * 1024 * 1024, 0x61);
    const result = parseFrame(huge, false, DEFAULT_MAX_FRAME_BYTES);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/exceeds the 1048576-byte frame limit/);
  });
});
