/**
 * Reports the clients the built-in listener turns away (a connection over `maxConnections`, a
 * request slower than its deadline): each one counted in `webhookRejected` and logged at debug,
 * and a warning per cause at most once a minute, so a flood cannot flood the log.
 *
 * ```
 * turned away:  o-o-o-o-----------o----|      (cause "over-capacity")
 * warn:         o-----------------o----|      (throttleTime 60 s, leading)
 * counted:      1 2 3 4           5
 * ```
 */
import { groupBy, mergeMap, Subject, tap, throttleTime, type SchedulerLike } from "rxjs";
import type { Logger } from "../logger.js";
import type { Counters } from "../stats.js";

/** One client turned away. */
export interface TurnedAway {
  /** Over the connection cap, or too slow to send its request. */
  cause: "over-capacity" | "too-slow";
  /** The peer, when known. */
  remoteAddress: string | undefined;
  /** `maxConnections` (over-capacity) or `headersTimeoutMs` (too-slow). */
  limit: number;
  /** `requestTimeoutMs` (too-slow). */
  requestLimit?: number;
}

/** Options of {@link turnedAwayReporter}. */
export interface TurnedAwayReporterOptions {
  logger: Logger;
  counters?: Counters;
  /** Clock of the once-a-minute warnings. */
  scheduler: SchedulerLike;
}

/** Where the listener reports; `complete` when the server closes. */
export interface TurnedAwayReporter {
  next(client: TurnedAway): void;
  complete(): void;
}

/** Warnings per cause are at most this far apart. */
const WARN_INTERVAL_MS = 60_000;

/** Count, log at debug, and warn at most once a minute per cause (see the module comment). */
export function turnedAwayReporter(options: TurnedAwayReporterOptions): TurnedAwayReporter {
  const { logger, counters, scheduler } = options;
  const clients = new Subject<TurnedAway>();
  const subscription = clients
    .pipe(
      tap((client) => {
        counters?.increment("webhookRejected");
        logger.debug({ cause: client.cause, remoteAddress: client.remoteAddress }, describe(client));
      }),
      groupBy((client) => client.cause),
      mergeMap((byCause) => byCause.pipe(throttleTime(WARN_INTERVAL_MS, scheduler, { leading: true, trailing: false }))),
    )
    .subscribe((client) =>
      logger.warn(
        { cause: client.cause, remoteAddress: client.remoteAddress },
        `${describe(client)} (every one is counted in webhookRejected; this warning repeats at most once a minute)`,
      ),
    );
  return {
    next: (client) => clients.next(client),
    complete: () => {
      clients.complete();
      subscription.unsubscribe();
    },
  };
}

function describe(client: TurnedAway): string {
  return client.cause === "over-capacity"
    ? `webhook listener dropped a connection: ${client.limit} connections open (webhook.maxConnections)`
    : `webhook listener closed a client too slow to send its request (408): headers must arrive within ${client.limit} ms, the whole request within ${client.requestLimit} ms (webhook.headersTimeoutMs / requestTimeoutMs)`;
}
