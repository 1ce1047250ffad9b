/**
 * Counters behind `bot.stats()` / `bot.stats$`. Components get the `Counters` sink injected
 * and call `increment`; nothing else is shared.
 */
import { BehaviorSubject, type Observable } from "rxjs";

/** Every counter qqbot-rx keeps. */
export interface BotStats {
  gatewayFetches: number;
  gatewayCacheHits: number;
  rateLimited: number;
  tokenFetches: number;
  identifies: number;
  resumes: number;
  reconnects: number;
  quickDisconnects: number;
  zombies: number;
  duplicatesDropped: number;
  framesIn: number;
  badFrames: number;
  messagesIn: number;
  eventsDropped: number;
  sent: number;
  sendErrors: number;
  storeErrors: number;
}

/** Name of one counter. */
export type StatName = keyof BotStats;

/** The sink components count into. */
export interface Counters {
  increment(name: StatName, by?: number): void;
  snapshot(): BotStats;
  readonly changes$: Observable<BotStats>;
}

/** A zeroed {@link BotStats}. */
export function emptyStats(): BotStats {
  return {
    gatewayFetches: 0, gatewayCacheHits: 0, rateLimited: 0, tokenFetches: 0, identifies: 0, resumes: 0,
    reconnects: 0, quickDisconnects: 0, zombies: 0, duplicatesDropped: 0, framesIn: 0, badFrames: 0,
    messagesIn: 0, eventsDropped: 0, sent: 0, sendErrors: 0, storeErrors: 0,
  };
}

/** In-memory counters; `changes$` replays the latest snapshot. */
export function createCounters(): Counters {
  const stats = emptyStats();
  const subject = new BehaviorSubject<BotStats>({ ...stats });
  return {
    increment(name, by = 1) {
      stats[name] += by;
      subject.next({ ...stats });
    },
    snapshot: () => ({ ...stats }),
    changes$: subject.asObservable(),
  };
}
