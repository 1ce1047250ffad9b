/**
 * The secrets of one bot (its client secret and every access token issued lately) and the one
 * redaction everything leaving the library goes through: log lines, error messages and their
 * `cause` chains, `state$` reasons, body and frame excerpts.
 */
import { redact } from "./errors.js";

/** How many issued tokens stay secret (an error body may still echo an old one). */
const REMEMBERED_TOKENS = 16;

/** The secrets of one bot. */
export interface Secrets {
  /** Every string to hide: the client secret, then the tokens issued, newest first. */
  values(): readonly string[];
  /** Remember an issued access token (idempotent). */
  add(token: string): void;
  /** `text` with every secret (and any `QQBot <token>` credential) replaced by `[redacted]`. */
  redact(text: string): string;
  /**
   * Redact `err` in place: message, stack, string excerpt fields (`body`, `frame`) and its `cause`
   * chain. Returns it; an error frozen or sealed (that cannot be rewritten) is replaced by a
   * redacted copy with the same prototype and fields. Never throws.
   */
  scrub<E>(err: E): E;
}

/** The text fields of an error that may quote what the platform sent. */
const TEXT_FIELDS = ["message", "stack", "body", "frame", "reason"] as const;

/** A writable copy of a frozen or sealed `err`: same prototype, same own fields. */
function thawed(err: object): object {
  const descriptors = Object.getOwnPropertyDescriptors(err);
  for (const d of Object.values(descriptors)) {
    d.configurable = true;
    if ("value" in d) d.writable = true;
  }
  return Object.create(Object.getPrototypeOf(err), descriptors);
}

/** Secrets of a bot with this client secret. */
export function createSecrets(clientSecret: string): Secrets {
  const tokens: string[] = [];
  const values = (): readonly string[] => [clientSecret, ...tokens];
  const scrub = <E>(err: E, seen: Set<object>): E => {
    if (typeof err !== "object" || err === null || seen.size > 16 || seen.has(err)) return err;
    seen.add(err);
    const fields = (Object.isSealed(err) ? thawed(err) : err) as Record<string, unknown>;
    for (const field of TEXT_FIELDS) {
      const text = fields[field];
      if (typeof text !== "string") continue;
      const clean = redact(text, values());
      if (clean !== text) Object.defineProperty(fields, field, { value: clean, writable: true, configurable: true, enumerable: field !== "stack" && field !== "message" });
    }
    const cause = scrub(fields["cause"], seen);
    if (cause !== fields["cause"]) fields["cause"] = cause; // a frozen cause was copied
    const inner = fields["errors"];
    if (Array.isArray(inner)) {
      const scrubbed = inner.map((e: unknown) => scrub(e, seen));
      if (scrubbed.some((e, i) => e !== inner[i])) fields["errors"] = scrubbed;
    }
    return fields as E;
  };

  return {
    values,
    add(token) {
      if (!token || tokens[0] === token) return;
      const seen = tokens.indexOf(token);
      if (seen >= 0) tokens.splice(seen, 1);
      tokens.unshift(token);
      tokens.length = Math.min(tokens.length, REMEMBERED_TOKENS);
    },
    redact: (text) => redact(text, values()),
    scrub: (err) => scrub(err, new Set()),
  };
}
