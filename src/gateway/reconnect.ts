/**
 * The reconnect loop (DESIGN §1): pure RxJS, sockets and HTTP injected, every wait on the
 * given scheduler so the whole story runs in virtual time.
 *
 * ```
 * disconnects$ ─countQuickDisconnects─scan(planAfterDisconnect)─merge(of(boot))─► switchMap(runPlan) ─► reportFatal
 *      ▲                                                                              │
 *      │   runPlan:  [reconnecting | cooling-down] ─timer(plan.delayMs)─► attempt$    │
 *      │   attempt$: fetching-url ─► gatewayUrl.url$ (cache first; retry; catchError: rate limit → last good URL)
 *      │             ─► token ─► runConnection(url): connecting → identifying|resuming → ready, dispatches
 *      └───── every connection's one Disconnect, and every failed attempt (rate limited, no URL) ◄──┘
 * ```
 *
 * A healthy connection dropped with 4009: immediate reconnect, cache hit, RESUME
 * (one letter per event, `(…)` = same frame; from `test/unit/reconnect.test.ts`):
 * ```
 * connect #1:  ohirabc 60000ms (x|)           o open, h hello, i IDENTIFY, r READY, a-c dispatches, x close 4009
 * connect #2:                  ohsR           s RESUME, R RESUMED
 * loop:        (fc)-i(rR)ddd … (xwfc)-s(rR)   f fetching-url, c connecting, i identifying, r ready, R READY event,
 *                                             d dispatch, x disconnect, w reconnecting (retryInMs 0), s resuming
 * ```
 *
 * Ends only on unsubscribe (everything torn down, the connection included), a fatal close
 * code, a quick-disconnect storm, or a refusal (credentials, IP); there is no attempt cap.
 */
import {
  catchError, concat, defer, merge, type MonoTypeOperatorFunction, type Observable, type ObservableInput, of, scan, switchMap, throwError, type SchedulerLike,
} from "rxjs";
import { safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import type { Counters } from "../stats.js";
import type { LoopEvent } from "../transport/loop-events.js";
import { ConnectionState } from "../transport/state.js";
import { bootPlan, planAfterDisconnect, type ReconnectPlan } from "./disconnect-policy.js";
import type { GatewayUrlSource } from "./gateway-url.js";
import { createLoopContext, loopState, type LoopContext } from "./loop-context.js";
import type { ReconnectPolicy } from "./options.js";
import { countQuickDisconnects } from "./quick-disconnects.js";
import { runPlan } from "./run-plan.js";
import type { ConnectFn, Disconnect, SessionSnapshot } from "./types.js";

/** What {@link reconnectLoop} needs. */
export interface ReconnectLoopConfig {
  /** Opens one connection (see `ConnectFn`). */
  connect: ConnectFn;
  gatewayUrl: GatewayUrlSource;
  policy: ReconnectPolicy;
  scheduler: SchedulerLike;
  /** Jitter source in `[0, 1)`. @defaultValue `Math.random` */
  random?: (() => number) | undefined;
  counters?: Counters | undefined;
  logger?: Logger | undefined;
  /** @defaultValue 0 */
  shard?: number | undefined;
  /** The intents asked for, named in the error of a 4013/4014 close. */
  intents?: number | undefined;
  /** A session to RESUME on the first attempt (from the store). */
  initialSession?: SessionSnapshot | undefined;
  /** Called on READY/RESUMED and with `undefined` when the session is cleared. */
  onSession?: ((s: SessionSnapshot | undefined) => void) | undefined;
  /** Called when the session's seq grows, once per dispatch: keep it cheap (write a field, persist on a timer). */
  onSeq?: ((seq: number) => void) | undefined;
  /**
   * Run before each socket is opened, e.g. to get the access token, refreshed when the plan asks
   * (after 4004, 49xx, op 9 `false`): without it no refresh is made. Settles with one value.
   */
  beforeConnect?: ((opts: { refreshToken: boolean }) => ObservableInput<unknown>) | undefined;
}

/** Keep one shard connected; emit its states, dispatches, READY/RESUMED and disconnects. */
export function reconnectLoop(config: ReconnectLoopConfig): Observable<LoopEvent> {
  return defer(() => {
    const ctx = contextOf(config);
    const policy = { policy: config.policy, random: config.random ?? Math.random, shard: ctx.shard, intents: config.intents };
    const plans$ = ctx.disconnects$.pipe(
      countQuickDisconnects(config.policy, { counters: config.counters, shard: ctx.shard }),
      scan((plan: ReconnectPlan, d: Disconnect) => planAfterDisconnect(plan.state, d, policy), bootPlan()),
    );
    // merge, not startWith: disconnects$ must be subscribed before the boot attempt runs,
    // or a connection that fails synchronously would lose its Disconnect.
    return merge(plans$, of(bootPlan())).pipe(
      switchMap((plan) => runPlan(plan, ctx)),
      reportFatal(ctx),
    );
  });
}

/** The loop ends with its error after a last `fatal` state. */
function reportFatal(ctx: LoopContext): MonoTypeOperatorFunction<LoopEvent> {
  return catchError((err: unknown) => {
    ctx.logger.error({ shard: ctx.shard, err: safeMessage(err) }, "gateway gave up");
    return concat(loopState(ctx, ConnectionState.Fatal, { reason: safeMessage(err) }), throwError(() => err));
  });
}

function contextOf(config: ReconnectLoopConfig): LoopContext {
  return createLoopContext({
    connect: config.connect, gatewayUrl: config.gatewayUrl, policy: config.policy, scheduler: config.scheduler,
    shard: config.shard ?? 0, logger: config.logger ?? silentLogger, counters: config.counters,
    onSession: config.onSession, onSeq: config.onSeq, beforeConnect: config.beforeConnect,
  }, config.initialSession);
}
