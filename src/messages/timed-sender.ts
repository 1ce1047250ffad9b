/**
 * A {@link Sender} that reports every finished `send` (and so every `reply`): the target's
 * kind, when it started, how long it took and how it ended. `bot.sends$` is built on it; the
 * Prometheus send-latency histogram reads it.
 *
 * ```
 * send(group, "hi") ──── 83 ms ────► resolved   ⇒ { target: "group", durationMs: 83, ok: true }
 * send(c2c, "late") ─ 41 ms ─► REPLY_EXPIRED   ⇒ { target: "c2c", durationMs: 41, ok: false, code: "REPLY_EXPIRED" }
 * ```
 */
import type { SchedulerLike } from "rxjs";
import type { Sender } from "./sender.js";
import type { SendTarget } from "./target.js";

/** One finished send, as `bot.sends$` emits it. */
export interface SendRecord {
  /** The chat kind it went to (`"unknown"` for a target that is not one). */
  target: SendTarget["kind"] | "unknown";
  /** Scheduler time the send started. */
  at: number;
  /** How long it took: DM session, media upload, every part and rate-limit retries included. */
  durationMs: number;
  /** Whether it was posted. */
  ok: boolean;
  /** When it failed: the error's stable `code` (`REPLY_EXPIRED`, `QQBOT_NETWORK_ERROR`, …), else `"UNKNOWN"`. */
  code?: string | undefined;
}

/** `sender` with every `send` timed on `scheduler` and reported to `report`. */
export function timedSender(sender: Sender, scheduler: SchedulerLike, report: (record: SendRecord) => void): Sender {
  return {
    ...sender,
    async send(target, body, replyTo) {
      const at = scheduler.now();
      const kind = (target as Partial<SendTarget> | undefined)?.kind;
      const done = (ok: boolean, err?: unknown): void => {
        const code = (err as { code?: unknown } | undefined)?.code;
        report({ target: kind ?? "unknown", at, durationMs: scheduler.now() - at, ok, ...(ok ? {} : { code: typeof code === "string" ? code : "UNKNOWN" }) });
      };
      try {
        const sent = await sender.send(target, body, replyTo);
        done(true);
        return sent;
      } catch (err) {
        done(false, err);
        throw err;
      }
    },
  };
}
