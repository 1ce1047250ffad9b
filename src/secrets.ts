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
  /** Redact `err` in place: message, stack, string excerpt fields (`body`, `frame`) and its `cause` chain. Returns it. */
  scrub<E>(err: E): E;
}

/** The text fields of an error that may quote what the platform sent. */
const TEXT_FIELDS = ["message", "stack", "body", "frame", "reason"] as const;

/** Secrets of a bot with this client secret. */
export function createSecrets(clientSecret: string): Secrets {
  const tokens: string[] = [];
  const values = (): readonly string[] => [clientSecret, ...tokens];
  const scrub = <E>(err: E, seen: Set<object>): E => {
    if (typeof err !== "object" || err === null || seen.size > 16 || seen.has(err)) return err;
    seen.add(err);
    const fields = err as Record<string, unknown>;
    for (const field of TEXT_FIELDS) {
      const text = fields[field];
      if (typeof text !== "string") continue;
      const clean = redact(text, values());
      if (clean !== text) Object.defineProperty(err, field, { value: clean, writable: true, configurable: true, enumerable: field !== "stack" && field !== "message" });
    }
    scrub(fields["cause"], seen);
    if (Array.isArray(fields["errors"])) for (const inner of fields["errors"]) scrub(inner, seen);
    return err;
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
