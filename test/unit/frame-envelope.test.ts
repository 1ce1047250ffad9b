import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { peekEnvelope } from "../../src/gateway/frame-envelope.js";

const peek = (text: string) => peekEnvelope(Buffer.from(text, "utf8"));

describe("peekEnvelope", () => {
  it("reads op, s, t and id wherever they stand, stepping over d", () => {
    expect(peek('{"op":0,"s":42,"t":"C2C_MESSAGE_CREATE","id":"E1","d":{"content":"x"}}')).toEqual({ op: 0, s: 42, t: "C2C_MESSAGE_CREATE", id: "E1" });
    expect(peek('{"id":"E2","op":0,"d":{"s":1,"t":"inner","nested":[{"op":9}],"q":"a\\"}b"},"s":7,"t":"AT"}')).toEqual({ id: "E2", op: 0, s: 7, t: "AT" });
    expect(peek(' { "op" : 0 , "d" : [1,{"a":"}"}] , "s" : 3 } ')).toEqual({ op: 0, s: 3 });
  });

  it("leaves out what is missing, of the wrong type, or unreadable", () => {
    expect(peek('{"op":"0","s":-1,"t":5,"id":null}')).toEqual({});
    expect(peek("not json")).toEqual({});
    expect(peek('{"op":0,"d":{"unterminated":')).toEqual({ op: 0 });
    expect(peek("")).toEqual({});
  });

  it("finds the seq of a 10 MB dispatch whose d comes first", () => {
    const big = `{"op":0,"d":{"content":"${"x".repeat(10 * 1024 * 1024)}"},"s":1234,"t":"C2C_MESSAGE_CREATE","id":"EV"}`;
    expect(peek(big)).toEqual({ op: 0, s: 1234, t: "C2C_MESSAGE_CREATE", id: "EV" });
  });

  it("agrees with JSON.parse on any object frame", () => {
    fc.assert(
      fc.property(
        fc.record({ op: fc.nat(20), s: fc.nat(), t: fc.string(), id: fc.string(), d: fc.jsonValue() }, { requiredKeys: [] }),
        (frame) => {
          const expected: Record<string, unknown> = {};
          for (const key of ["op", "s", "t", "id"] as const) if (frame[key] !== undefined) expected[key] = frame[key];
          expect(peek(JSON.stringify(frame))).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
