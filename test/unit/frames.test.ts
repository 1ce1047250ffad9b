import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../src/errors.js";
import { DEFAULT_MAX_FRAME_BYTES, parseFrame } from "../../src/gateway/frames.js";

const MAX = DEFAULT_MAX_FRAME_BYTES;

function rejected(data: string | Buffer, isBinary = false, maxBytes = MAX, secrets: string[] = []): ProtocolError {
  const result = parseFrame(data, isBinary, maxBytes, secrets);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.payload)}`);
  expect(result.error).toBeInstanceOf(ProtocolError);
  expect(result.error.code).toBe("QQBOT_PROTOCOL_ERROR");
  return result.error;
}

describe("parseFrame accepts valid frames", () => {
  it("parses HELLO from a string and from a text Buffer", () => {
    const text = '{"op":10,"d":{"heartbeat_interval":45000}}';
    expect(parseFrame(text, false, MAX)).toEqual({ ok: true, payload: { op: 10, d: { heartbeat_interval: 45000 } } });
    expect(parseFrame(Buffer.from(text), false, MAX)).toEqual({ ok: true, payload: { op: 10, d: { heartbeat_interval: 45000 } } });
  });

  it("keeps op, d, s, t and id of a dispatch; the parsed object is the payload (an unknown field stays, unread)", () => {
    const frame = JSON.stringify({ op: 0, s: 42, t: "C2C_MESSAGE_CREATE", id: "ev-1", d: { id: "m1" }, extra: 1 });
    expect(parseFrame(frame, false, MAX)).toEqual({
      ok: true,
      payload: { op: 0, s: 42, t: "C2C_MESSAGE_CREATE", id: "ev-1", d: { id: "m1" }, extra: 1 },
    });
  });

  it("reads s: null and t: null as absent", () => {
    expect(parseFrame('{"op":11,"s":null,"t":null}', false, MAX)).toEqual({ ok: true, payload: { op: 11 } });
  });

  it("accepts RESUMED with d an empty string and op 9 with a boolean d", () => {
    expect(parseFrame('{"op":0,"s":7,"t":"RESUMED","d":""}', false, MAX)).toEqual({ ok: true, payload: { op: 0, s: 7, t: "RESUMED", d: "" } });
    expect(parseFrame('{"op":9,"d":false}', false, MAX)).toEqual({ ok: true, payload: { op: 9, d: false } });
  });

  it("accepts a frame of exactly maxBytes", () => {
    const frame = '{"op":11}';
    expect(parseFrame(frame, false, Buffer.byteLength(frame)).ok).toBe(true);
  });
});

describe("parseFrame rejects bad frames with a clear ProtocolError", () => {
  it("non-JSON", () => {
    const err = rejected("this is not json");
    expect(err.message).toMatch(/not JSON/);
    expect(err.frame).toBe("this is not json");
    expect(err.message).toContain("this is not json");
  });

  it.each([
    ["an array", "[1,2]", /not a JSON object \(got an array\)/],
    ["null", "null", /got null/],
    ["a number", "42", /got number/],
    ["a string", '"hi"', /got string/],
  ])("JSON that is %s", (_name, frame, pattern) => {
    expect(rejected(frame).message).toMatch(pattern);
  });

  it.each([
    ['{"d":1}', /op is missing/],
    ['{"op":"10"}', /op is missing or not an integer/],
    ['{"op":1.5}', /not an integer/],
  ])("missing or non-numeric op: %s", (frame, pattern) => {
    expect(rejected(frame).message).toMatch(pattern);
  });

  it("unknown op", () => {
    expect(rejected('{"op":42}').message).toMatch(/unknown op 42/);
  });

  it("op 0 without a string t", () => {
    expect(rejected('{"op":0,"s":1,"d":{}}').message).toMatch(/without an event type t/);
    expect(rejected('{"op":0,"s":1,"t":"","d":{}}').message).toMatch(/without an event type t/);
    expect(rejected('{"op":0,"s":1,"t":5,"d":{}}').message).toMatch(/t is not a string/);
  });

  it.each([['"5"'], ["-1"], ["1.5"], ["true"]])("s that is not a non-negative integer: %s", (s) => {
    expect(rejected(`{"op":0,"s":${s},"t":"X","d":{}}`).message).toMatch(/s is not a non-negative integer/);
  });

  it("id that is not a string", () => {
    expect(rejected('{"op":0,"s":1,"t":"X","id":5,"d":{}}').message).toMatch(/id is not a string/);
  });

  it("HELLO without a positive heartbeat_interval", () => {
    expect(rejected('{"op":10,"d":{}}').message).toMatch(/heartbeat_interval/);
    expect(rejected('{"op":10,"d":{"heartbeat_interval":0}}').message).toMatch(/heartbeat_interval/);
    expect(rejected('{"op":10}').message).toMatch(/heartbeat_interval/);
  });

  it("READY without session_id", () => {
    expect(rejected('{"op":0,"s":1,"t":"READY","d":{"version":1}}').message).toMatch(/READY without d.session_id/);
  });

  it("binary frames, even when they hold valid JSON", () => {
    const err = rejected(Buffer.from('{"op":11}'), true);
    expect(err.message).toMatch(/binary frame of 9 bytes/);
  });

  it("oversized frames, without decoding them whole", () => {
    const big = JSON.stringify({ op: 0, s: 1, t: "X", d: { text: "a".repeat(5000) } });
    const err = rejected(big, false, 1024);
    expect(err.message).toMatch(new RegExp(`${Buffer.byteLength(big)} bytes exceeds the 1024-byte frame limit`));
    expect(err.frame!.length).toBeLessThanOrEqual(200);
    expect(err.message.length).toBeLessThan(400);
  });

  it("never shows a secret or a QQBot credential in the message or the excerpt", () => {
    const token = "tok_SECRET_abcdef123456";
    const err = rejected(`{"op":2,"d":{"token":"QQBot ${token}"}} trailing`, false, MAX, [token]);
    expect(err.message).not.toContain(token);
    expect(err.frame).not.toContain(token);
    expect(err.frame).toContain("[redacted]");
    const unnamed = rejected('not json QQBot abcdefghijklmnop');
    expect(unnamed.message).not.toContain("abcdefghijklmnop");
  });

  it("never throws, whatever the input", () => {
    for (const input of ["", "{", "\u0000", "[]", "{}", '{"op":null}', Buffer.from([0xff, 0xfe, 0x00])]) {
      expect(() => parseFrame(input, false, MAX)).not.toThrow();
      expect(parseFrame(input, false, MAX).ok).toBe(false);
    }
  });
});
