import { redact, safeMessage } from "./errors.js";

/**
 * The logger interface: a subset of pino's, so a pino logger can be passed as is.
 * qqbot-rx is silent by default and passes every message through `redact` first.
 */
export interface Logger {
  /** Detail for debugging: frames, heartbeats, timings. */
  debug(obj: object | string, msg?: string): void;
  /** Routine life-cycle events: connected, resumed, routine drops. */
  info(obj: object | string, msg?: string): void;
  /** Something went wrong and was handled: a rate limit, a bad frame, a store outage. */
  warn(obj: object | string, msg?: string): void;
  /** Something went wrong that the bot cannot handle by itself. */
  error(obj: object | string, msg?: string): void;
}

const noop = (): void => {};

/** A logger that drops everything (the default). */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

function redactValue(value: unknown, secrets: () => readonly (string | undefined)[], depth = 0): unknown {
  if (typeof value === "string") return redact(value, secrets());
  if (value instanceof Error) return safeMessage(value, secrets());
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = /secret|token|authorization/i.test(k) && typeof v === "string" ? "[redacted]" : redactValue(v, secrets, depth + 1);
  }
  return out;
}

/**
 * Wrap a logger so that every message and every field passes through `redact`:
 * the client secret and every access token ever issued are replaced by `[redacted]`,
 * fields named like `secret`/`token`/`authorization` are masked, errors become `safeMessage`s.
 */
export function redactingLogger(inner: Logger, secrets: () => readonly (string | undefined)[]): Logger {
  const wrap =
    (level: keyof Logger) =>
    (obj: object | string, msg?: string): void => {
      try {
        const first = redactValue(obj, secrets) as object | string;
        if (msg === undefined) inner[level](first);
        else inner[level](first, redact(msg, secrets()));
      } catch {
        // A broken logger must never break the bot.
      }
    };
  return { debug: wrap("debug"), info: wrap("info"), warn: wrap("warn"), error: wrap("error") };
}
