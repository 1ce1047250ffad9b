import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitText } from "../../src/messages/split-text.js";
import { createReplySeq } from "../../src/messages/reply-seq.js";

describe("splitText", () => {
  it("text that fits is one part", () => {
    expect(splitText("hello", 5)).toEqual(["hello"]);
  });

  it("splits after the last newline that fits", () => {
    expect(splitText("line one\nline two\nline three", 20)).toEqual(["line one\nline two\n", "line three"]);
  });

  it("falls back to the last space, then to a hard cut", () => {
    expect(splitText("alpha beta gamma", 12)).toEqual(["alpha beta ", "gamma"]);
    expect(splitText("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
  });

  it("never cuts a surrogate pair", () => {
    const parts = splitText("ab😀cd", 3);
    expect(parts).toEqual(["ab", "😀c", "d"]);
  });

  it("drops whitespace-only parts", () => {
    expect(splitText("aaa\n\n\n\n\n\nbbb", 3)).toEqual(["aaa", "bbb"]);
  });

  it("rejects a limit below 2", () => {
    expect(() => splitText("abc", 1)).toThrow(RangeError);
  });

  it("property: parts fit, are never blank, and keep every visible character in order", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", "字", "😀"), maxLength: 300 }), fc.integer({ min: 2, max: 40 }), (text, limit) => {
        const parts = splitText(text, limit);
        if (text.length <= limit) {
          expect(parts).toEqual([text]);
          return;
        }
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(limit);
          expect(part.trim()).not.toBe("");
        }
        expect(parts.join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
        if (!/\s/.test(text)) expect(parts.join("")).toBe(text);
      }),
      { numRuns: 400 },
    );
  });
});

describe("createReplySeq", () => {
  it("counts per id from 1", () => {
    const seqs = createReplySeq();
    expect([seqs.next("a"), seqs.next("a"), seqs.next("b"), seqs.next("a")]).toEqual([1, 2, 1, 3]);
  });

  it("is bounded by max", () => {
    const seqs = createReplySeq({ max: 3 });
    for (let i = 0; i < 10; i++) seqs.next(`m${i}`);
    expect(seqs.size).toBe(3);
  });

  it("forgets an id after ttlMs on the injected clock", () => {
    let now = 0;
    const seqs = createReplySeq({ ttlMs: 100, now: () => now });
    expect(seqs.next("a")).toBe(1);
    now = 50;
    expect(seqs.next("a")).toBe(2);
    now = 200;
    expect(seqs.next("a")).toBe(1);
  });
});
