/**
 * Fault injection for webhook delivery: bad signatures, stale timestamps, a wrong app id,
 * duplicate deliveries, lost ACKs. Attempt faults apply to the next N POSTs (retries
 * included); `duplicate` applies to the next N events.
 */
import { CountedQueue } from "./counted-queue.js";

/** How a signature is broken. */
export type WebhookSignatureFault =
  /** No `X-Signature-Ed25519` header. */
  | "missing"
  /** Signed with another secret's key. */
  | "wrong-key"
  /** Body changed after signing. */
  | "tampered-body"
  /** `X-Signature-Timestamp` changed after signing. */
  | "tampered-timestamp"
  /** Not hex. */
  | "malformed";

/** The webhook fault-injection handle. */
export interface WebhookFaults {
  /** Next N POSTs carry a broken signature (default `"wrong-key"`, once). */
  badSignature(kind?: WebhookSignatureFault, times?: number): void;
  /** Next N POSTs are signed with a timestamp `ageMs` in the past (negative = future); default 10 min, once. */
  staleTimestamp(ageMs?: number, times?: number): void;
  /** Next N POSTs carry another `X-Bot-Appid`. */
  wrongAppId(times?: number): void;
  /** Next N events are each POSTed `1 + copies` times concurrently (each copy retried on its own). */
  duplicate(copies?: number, times?: number): void;
  /** Next N ACKs are treated as lost (timeout), so the event is retried. */
  ignoreAck(times?: number): void;
  /** Clear every pending webhook fault. */
  reset(): void;
}

/** Pending webhook faults, consulted per attempt / per event. */
export class WebhookFaultState {
  readonly signature = new CountedQueue<WebhookSignatureFault>();
  readonly stale = new CountedQueue<number>();
  readonly wrongAppId = new CountedQueue<true>();
  readonly duplicate = new CountedQueue<number>();
  readonly ignoreAck = new CountedQueue<true>();

  reset(): void {
    for (const q of [this.signature, this.stale, this.wrongAppId, this.duplicate, this.ignoreAck]) q.clear();
  }
}

/** The public handle over `state`. */
export function createWebhookFaults(state: WebhookFaultState): WebhookFaults {
  return {
    badSignature: (kind = "wrong-key", times = 1) => state.signature.push(kind, times),
    staleTimestamp: (ageMs = 10 * 60_000, times = 1) => {
      if (!Number.isFinite(ageMs)) throw new RangeError(`ageMs must be a finite number, got ${String(ageMs)}`);
      state.stale.push(ageMs, times);
    },
    wrongAppId: (times = 1) => state.wrongAppId.push(true, times),
    duplicate: (copies = 1, times = 1) => {
      if (!(Number.isInteger(copies) && copies >= 1)) throw new RangeError(`copies must be a positive integer, got ${String(copies)}`);
      state.duplicate.push(copies, times);
    },
    ignoreAck: (times = 1) => state.ignoreAck.push(true, times),
    reset: () => state.reset(),
  };
}
