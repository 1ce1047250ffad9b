/**
 * The end of the hot path: one call per dispatch frame, from the socket's callback straight to
 * the subscribers of `events$` and `messages$`, with dedupe and counting fused in. Nothing is
 * built for a stream nobody observes: no `GatewayEvent` without an `events$` subscriber, no
 * `Message` without a `messages$` one.
 *
 * ```
 * deliver(payload, shard) ─┬─ events$ observed?   ─► toGatewayEvent ─► new type:eventId? ─► events subscribers
 *                          └─ messages$ observed? ─► message type? ─► normalizeMessage ─┬─ bad ─► dropped (warn, eventsDropped)
 *                                                                                   └─ new id? ─► messagesIn ─► message subscribers
 *                                                                                       └─ seen ─► duplicatesDropped
 * with `claims` (dedupe.shared): a new id is claimed in the shared store first (another process's claim is a duplicate), settled once delivered
 * ```
 */
import { BehaviorSubject, first, firstValueFrom, map, type Observable, Subject } from "rxjs";
import type { Logger } from "../logger.js";
import type { GatewayPayload } from "../protocol/payloads.js";
import type { Counters } from "../stats.js";
import { createIdWindow } from "./dedupe.js";
import { toGatewayEvent, type GatewayEvent } from "./events.js";
import type { Message, ReplyFactory } from "./message.js";
import { isMessageEventType, toMessageOrReason, type NormalizeContext } from "./normalize.js";
import type { DedupeOptions } from "./options.js";
import { claimOnce, type Claimer } from "./shared-dedupe.js";

/** What {@link createDispatchSink} needs. */
export interface DispatchSinkConfig {
  counters: Counters;
  logger: Logger;
  dedupe: DedupeOptions;
  /** Clock of the dedupe window (ms). */
  now: () => number;
  /** Binds `message.reply` (called on a message's first reply). */
  reply: ReplyFactory;
  /** The bot's own user id, once READY told it (its mentions are stripped from `text`). */
  botUserId: () => string | undefined;
  /**
   * `dedupe.shared`: claim each new id in the store every process shares before delivering it
   * (`true` = this process delivers), settle it once delivered. Claims run concurrently;
   * delivery keeps arrival order.
   */
  claims?: Claimer | undefined;
}

/** Where dispatches go, and the streams they come out of. */
export interface DispatchSink {
  /** One dispatch frame of `shard` (the hot path). */
  deliver(payload: GatewayPayload & { t: string }, shard: number): void;
  /** Every dispatch as an event, deduplicated by type and event id. Hot: subscribe before connecting. */
  readonly events$: Observable<GatewayEvent>;
  /** Every valid message dispatch, deduplicated by message id. Hot like `events$`. */
  readonly messages$: Observable<Message>;
  /**
   * Resolves once no dispatch is waiting on its claim (at once without `claims`): what the bot
   * waits for on close, since the seq it flushes is already past those dispatches.
   */
  drained(): Promise<void>;
}

/** The sink of one bot: its dedupe windows live as long as the bot, across reconnects and resubscriptions. */
export function createDispatchSink(config: DispatchSinkConfig): DispatchSink {
  const { counters, logger } = config;
  const window = { max: config.dedupe.max, ttlMs: config.dedupe.ttlMs, now: config.now };
  const eventIds = createIdWindow(window);
  const messageIds = createIdWindow(window);
  const events = new Subject<GatewayEvent>();
  const messages = new Subject<Message>();
  /** Dispatches handed to the claim gate and not yet delivered or dropped. */
  const claiming = new BehaviorSubject(0);
  const context: NormalizeContext = { shard: 0, botUserId: undefined, reply: config.reply };
  const emitEvent = gate(events, (e) => (e.eventId === undefined ? undefined : `event:${e.type}:${e.eventId}`), () => undefined);
  const emitMessage = gate(
    messages,
    (m) => `message:${m.id}`,
    (m) => {
      counters.increment("duplicatesDropped");
      logger.debug({ shard: m.shard, id: m.id, seq: m.seq }, "dropped a message another process delivered");
    },
    () => counters.increment("messagesIn"),
  );

  const toEvents = (payload: GatewayPayload, shard: number): void => {
    const event = toGatewayEvent(payload, shard);
    if (!event) return;
    if (event.eventId !== undefined && eventIds.seen(`${event.type}:${event.eventId}`)) {
      // Not counted: a message dispatch is an event too, and its replay counts once, as a message.
      logger.debug({ shard, type: event.type, eventId: event.eventId }, "dropped a duplicate event");
      return;
    }
    emitEvent(event);
  };

  const toMessages = (payload: GatewayPayload & { t: string }, shard: number): void => {
    context.shard = shard;
    context.botUserId = config.botUserId();
    const message = toMessageOrReason(payload, context);
    if (typeof message === "string") {
      counters.increment("eventsDropped");
      logger.warn({ shard, type: payload.t, seq: payload.s }, `dropped a malformed ${payload.t}: ${message}`);
      return;
    }
    if (messageIds.seen(message.id)) {
      counters.increment("duplicatesDropped");
      logger.debug({ shard, id: message.id, seq: message.seq }, "dropped a duplicate message");
      return;
    }
    emitMessage(message);
  };

  /** Deliver to `out` at once, or (with `claims`) once this process holds the value's claim. */
  function gate<T>(out: Subject<T>, keyOf: (v: T) => string | undefined, onDuplicate: (v: T) => void, onDeliver = (): void => {}): (v: T) => void {
    const deliver = (v: T): void => {
      onDeliver();
      out.next(v);
    };
    if (!config.claims) return deliver;
    const claimed = new Subject<T>();
    const decided = (): void => claiming.next(claiming.value - 1);
    claimed
      .pipe(claimOnce(keyOf, config.claims, (v) => {
        onDuplicate(v);
        decided();
      }))
      .subscribe((v) => {
        deliver(v);
        decided();
      });
    return (v) => {
      claiming.next(claiming.value + 1);
      claimed.next(v);
    };
  }

  return {
    deliver(payload, shard) {
      if (events.observed) toEvents(payload, shard);
      if (messages.observed && isMessageEventType(payload.t)) toMessages(payload, shard);
    },
    events$: events.asObservable(),
    messages$: messages.asObservable(),
    drained: () => firstValueFrom(claiming.pipe(first((n) => n === 0), map(() => undefined))),
  };
}
