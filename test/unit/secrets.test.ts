import { describe, expect, it } from "vitest";
import { QQApiError, QQAuthError } from "../../src/errors.js";
import { createSecrets } from "../../src/secrets.js";

const SECRET = "client-secret-0123456789";
const TOKEN = "tok-AbCdEf0123456789xyz";

describe("createSecrets", () => {
  it("redacts the client secret and every token added, newest first, bounded", () => {
    const secrets = createSecrets(SECRET);
    secrets.add(TOKEN);
    secrets.add(TOKEN);
    expect(secrets.values()).toEqual([SECRET, TOKEN]);
    expect(secrets.redact(`a ${SECRET} b ${TOKEN} c QQBot zzzzzzzzzzzz`)).toBe("a [redacted] b [redacted] c QQBot [redacted]");
    for (let i = 0; i < 20; i++) secrets.add(`old-token-${i}-abcdef`);
    expect(secrets.values()).toHaveLength(17);
    expect(secrets.values()[1]).toBe("old-token-19-abcdef");
  });

  it("scrubs an error in place: message, stack, body excerpt and the whole cause chain", () => {
    const secrets = createSecrets(SECRET);
    secrets.add(TOKEN);
    const root = new Error(`socket said ${TOKEN}`);
    const middle = new QQApiError(`GET /gateway failed: ${TOKEN}`, { status: 500, body: `{"echo":"${TOKEN}"}`, cause: root });
    const aggregate = new AggregateError([new Error(`inner ${SECRET}`)], "several");
    const top = new Error(`fatal: ${SECRET}`, { cause: [middle, aggregate][0] });
    (middle as { cause?: unknown }).cause = root;
    (root as { cause?: unknown }).cause = aggregate;
    expect(secrets.scrub(top)).toBe(top);
    const seen: unknown[] = [];
    for (let e: unknown = top; e instanceof Error && seen.length < 5; e = e.cause) seen.push(e);
    const text = JSON.stringify([top.message, top.stack, middle.message, middle.stack, middle.body, root.message, root.stack,
      (aggregate.errors[0] as Error).message]);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SECRET);
    expect(middle.body).toBe('{"echo":"[redacted]"}');
    expect(seen).toHaveLength(4);
  });

  it("leaves values that are not errors alone and never loops on a cycle", () => {
    const secrets = createSecrets(SECRET);
    expect(secrets.scrub("plain")).toBe("plain");
    const a = new Error(`a ${SECRET}`);
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    secrets.scrub(b);
    expect(a.message).toBe("a [redacted]");
  });

  it("a frozen error (and a frozen cause) is replaced by a redacted copy of the same class and fields, never a TypeError", () => {
    const secrets = createSecrets(SECRET);
    const cause = Object.freeze(new Error(`cause ${SECRET}`));
    const err = Object.freeze(new QQAuthError(`refused ${SECRET}`, { status: 401, platformCode: 11243, cause }));
    const scrubbed = secrets.scrub(err);
    expect(scrubbed).toBeInstanceOf(QQAuthError);
    expect(scrubbed).toMatchObject({ code: "QQBOT_AUTH_FAILED", status: 401, platformCode: 11243, message: "refused [redacted]" });
    expect(scrubbed.stack).not.toContain(SECRET);
    expect((scrubbed.cause as Error).message).toBe("cause [redacted]");
    expect(err.message).toBe(`refused ${SECRET}`); // the frozen original is left as it was
  });
});
