/**
 * What one reconnect loop keeps between its attempts: the session it resumes, whether a token
 * refresh is owed, how many connections it made, and where every ending and failed attempt
 * goes (`disconnects$`, the loop's input). Created per subscription of `reconnectLoop`.
 */
import { type Observable, type ObservableInput, type SchedulerLike, Subject } from "rxjs";
import type { Logger } from "../logger.js";
import type { Counters } from "../stats.js";
import { stateEvent, type LoopEvent } from "../transport/loop-events.js";
import type { ConnectionState } from "../transport/state.js";
import type { GatewayUrlSource } from "./gateway-url.js";
import type { ReconnectPolicy } from "./options.js";
import type { ConnectFn, Disconnect, SessionSnapshot } from "./types.js";

/** What the loop is given (see `ReconnectLoopConfig`). */
export interface LoopSeams {
  readonly connect: ConnectFn;
  readonly gatewayUrl: GatewayUrlSource;
  readonly policy: ReconnectPolicy;
  readonly scheduler: SchedulerLike;
  readonly shard: number;
  readonly logger: Logger;
  readonly counters: Counters | undefined;
  /** Told on READY/RESUMED and with `undefined` when the session is cleared (persist at once). */
  readonly onSession: ((s: SessionSnapshot | undefined) => void) | undefined;
  /** Told when the session's seq grows (the hot path: persist it on a timer). */
  readonly onSeq: ((seq: number) => void) | undefined;
  /**
   * Run before a socket is opened (the bot gets the access token here, refreshed when asked; the
   * only place a refresh is made): a failure is a failed attempt that never opened a socket, so a
   * rate-limited or unreachable token endpoint is no quick disconnect. Settles with one value (a
   * Promise, or an observable such as `of(x)`).
   */
  readonly beforeConnect: ((opts: { refreshToken: boolean }) => ObservableInput<unknown>) | undefined;
}

/** Mutable per-subscription state of one loop, shared by its attempts and connections. */
export interface LoopContext extends LoopSeams {
  /** Every way an attempt or a connection ends; the loop plans the next attempt from them. */
  readonly disconnects$: Subject<Disconnect>;
  /** The session the next attempt resumes (`undefined` = identify). */
  session: SessionSnapshot | undefined;
  /** A token refresh was asked for and `beforeConnect` has not yet made one. */
  pendingRefresh: boolean;
  /** Connections made so far. */
  attempt: number;
}

/** A fresh context over `seams`. */
export function createLoopContext(seams: LoopSeams, session: SessionSnapshot | undefined): LoopContext {
  return { ...seams, disconnects$: new Subject<Disconnect>(), session, pendingRefresh: false, attempt: 0 };
}

/** A state event of this loop's shard, stamped when emitted. */
export function loopState(ctx: LoopContext, state: ConnectionState, extra?: { reason?: string; retryInMs?: number }): Observable<LoopEvent> {
  return stateEvent(ctx.scheduler, ctx.shard, state, extra);
}

/** Set the session and tell the owner (who persists it; `undefined` = cleared). */
export function setSession(ctx: LoopContext, session: SessionSnapshot | undefined): void {
  ctx.session = session;
  ctx.onSession?.(session);
}
