/**
 * Counters behind `bot.stats()` / `bot.stats$`. Components get the `Counters` sink injected
 * and call `increment`; nothing else is shared.
 */
import { concat, defer, type Observable, of, Subject } from "rxjs";

/** Every counter qqbot-rx keeps. */
export interface BotStats {
  /** `GET /gateway` (or `/gateway/bot`) HTTP calls, retries included. */
  gatewayFetches: number;
  /** Attempts that used the cached gateway URL instead of calling `/gateway`. */
  gatewayCacheHits: number;
  /** Rate-limit answers from `/gateway`, `/gateway/bot` or the token endpoint. */
  rateLimited: number;
  /** Access-token requests. */
  tokenFetches: number;
  /** IDENTIFYs sent (new sessions). */
  identifies: number;
  /** RESUMEs sent. */
  resumes: number;
  /** Connection attempts after the first. */
  reconnects: number;
  /** Connections that ended within `quickDisconnectMs` of opening. */
  quickDisconnects: number;
  /** Sockets terminated because a heartbeat went unacknowledged. */
  zombies: number;
  /**
   * Messages dropped because they were already delivered (replays after RESUME, another
   * process's claim with `dedupe.shared`), and webhook events dropped as retries. Duplicate
   * gateway events on `events$` are dropped too but not counted here: each message dispatch is
   * also an event, and its replay counts once, as a message.
   */
  duplicatesDropped: number;
  /** Gateway frames (or webhook dispatches) received. */
  framesIn: number;
  /** Frames dropped as malformed (and webhook requests refused). */
  badFrames: number;
  /** Dispatches skipped because they exceeded the 1 MiB frame limit (each logged with its size, seq and type). */
  oversizedFrames: number;
  /** Messages delivered on `messages$`. */
  messagesIn: number;
  /** Message dispatches dropped because they could not be normalised. */
  eventsDropped: number;
  /** Messages posted successfully (each part of a split text counts). */
  sent: number;
  /** `send`/`reply` calls that failed. */
  sendErrors: number;
  /** Store operations that failed (served from memory instead). */
  storeErrors: number;
  /**
   * Webhook events, and messages with `dedupe.shared`, delivered without a claim in the shared
   * store because it failed or did not answer in time (`webhook.claimTimeoutMs`; 250 ms for
   * `dedupe.shared`): another process may have delivered them too.
   */
  unclaimedDeliveries: number;
  /**
   * Webhook traffic turned away: requests refused with 4xx (also counted in `badFrames`),
   * connections dropped over `webhook.maxConnections`, and clients closed for sending their
   * request slower than `webhook.headersTimeoutMs` / `webhook.requestTimeoutMs`.
   */
  webhookRejected: number;
}

/** Name of one counter. */
export type StatName = keyof BotStats;

/** The sink components count into. */
export interface Counters {
  /** Add `by` (default 1) to one counter. */
  increment(name: StatName, by?: number): void;
  /** The counters now. */
  snapshot(): BotStats;
  /** Every change, as a snapshot. */
  readonly changes$: Observable<BotStats>;
}

/** A zeroed {@link BotStats}. */
export function emptyStats(): BotStats {
  return {
    gatewayFetches: 0, gatewayCacheHits: 0, rateLimited: 0, tokenFetches: 0, identifies: 0, resumes: 0,
    reconnects: 0, quickDisconnects: 0, zombies: 0, duplicatesDropped: 0, framesIn: 0, badFrames: 0, oversizedFrames: 0,
    messagesIn: 0, eventsDropped: 0, sent: 0, sendErrors: 0, storeErrors: 0, unclaimedDeliveries: 0, webhookRejected: 0,
  };
}

/** In-memory counters; `changes$` replays the latest snapshot. */
export function createCounters(): Counters {
  const stats = emptyStats();
  const changes = new Subject<BotStats>();
  return {
    increment(name, by = 1) {
      stats[name] += by;
      // Copy only for someone listening: increments run several times per inbound frame.
      if (changes.observed) changes.next({ ...stats });
    },
    snapshot: () => ({ ...stats }),
    // Each subscriber first gets the counters as they are now, then every change.
    changes$: defer(() => concat(of({ ...stats }), changes)),
  };
}
