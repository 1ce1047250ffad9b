/**
 * The heartbeat clock with zombie detection (PROTOCOL.md A3): it says when to beat and
 * when the socket is a zombie. It sends nothing itself; the connection does.
 */
import { asyncScheduler, defer, filter, map, merge, scan, takeWhile, timer, type Observable, type SchedulerLike } from "rxjs";

/** What the heartbeat asks for: send a beat now, or give the socket up as a zombie. */
export type HeartbeatSignal = "beat" | "zombie";

/** Options of {@link heartbeat}. */
export interface HeartbeatOptions {
  /** `d.heartbeat_interval` of HELLO, in ms. */
  intervalMs: number;
  /** One value per HEARTBEAT_ACK (op 11) received. */
  acks$: Observable<unknown>;
  /** @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
  /** Jitter source in [0, 1): the first beat comes after `intervalMs × random()`. @defaultValue `Math.random` */
  random?: () => number;
}

type Step = { readonly awaitingAck: boolean; readonly signal: HeartbeatSignal | undefined };
// The three steps, shared: a beat allocates nothing.
const ACKED: Step = { awaitingAck: false, signal: undefined };
const BEAT: Step = { awaitingAck: true, signal: "beat" };
const ZOMBIE: Step = { awaitingAck: true, signal: "zombie" };

/** Delay of the first beat: `intervalMs × random()`, floored and kept within [0, intervalMs]. */
export function firstBeatDelay(intervalMs: number, random: () => number): number {
  const r = random();
  const fraction = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(intervalMs * fraction);
}

/**
 * Heartbeat signals for one connection. The first `"beat"` comes `intervalMs × random()`
 * after subscription (jitter, so a fleet of reconnecting bots does not beat in step), then
 * one every `intervalMs`. When a beat is due while the previous one is still unacknowledged
 * it emits `"zombie"` (instead of the beat) and completes: a dead socket is detected within
 * one interval of the missed ACK. An ACK delivered before the due beat (even
 * in the same instant) keeps the socket alive.
 *
 * Server-sent op 1 is answered by the connection at once and is not part of this clock.
 *
 * Marble (intervalMs 10, random() = 0.5, `a` = ACK):
 * ```
 * acks$:  ------a---------a-----------
 * out:    -----b---------b---------b---------z|
 *         (5)       (15)      (25)      (35: the beat of 25 was never acked)
 * ```
 */
export function heartbeat(options: HeartbeatOptions): Observable<HeartbeatSignal> {
  const { intervalMs, acks$, scheduler = asyncScheduler, random = Math.random } = options;
  const ACK = 0;
  const TICK = 1;
  // defer: every subscription draws its own jitter.
  return defer(() =>
    merge(
      acks$.pipe(map(() => ACK)),
      timer(firstBeatDelay(intervalMs, random), intervalMs, scheduler).pipe(map(() => TICK)),
    ),
  ).pipe(
    scan<number, Step>((state, event) => (event === ACK ? ACKED : state.awaitingAck ? ZOMBIE : BEAT), ACKED),
    map((step) => step.signal),
    filter((signal): signal is HeartbeatSignal => signal !== undefined),
    takeWhile((signal) => signal !== "zombie", true),
  );
}
