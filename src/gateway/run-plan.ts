/**
 * Carry out one plan of the reconnect policy: apply what it does to the session and the token,
 * say why and how long in `state$`, wait, then make the attempt.
 *
 * ```
 * boot plan:       attempt$
 * reconnect plan:  [reconnecting | cooling-down, retryInMs] ─► timer(plan.delayMs) ─► attempt$
 * fatal plan:      # (the plan's GatewayFatalError)
 * ```
 */
import { concat, defer, ignoreElements, type Observable, throwError, timer } from "rxjs";
import type { LoopEvent } from "../transport/loop-events.js";
import { ConnectionState } from "../transport/state.js";
import { attempt$ } from "./attempt.js";
import type { ReconnectPlan } from "./disconnect-policy.js";
import { loopState, setSession, type LoopContext } from "./loop-context.js";

/** The plan as an observable of loop events. */
export function runPlan(plan: ReconnectPlan, ctx: LoopContext): Observable<LoopEvent> {
  return defer(() => {
    if (plan.fatal) return throwError(() => plan.fatal);
    if (plan.session === "clear" && ctx.session) setSession(ctx, undefined);
    ctx.pendingRefresh ||= plan.refreshToken;
    if (plan.kind === "boot") return attempt$(ctx);
    ctx.logger.info({ shard: ctx.shard, reason: plan.reason, retryInMs: plan.delayMs, session: plan.session }, "gateway reconnecting");
    return concat(
      loopState(ctx, plan.coolingDown ? ConnectionState.CoolingDown : ConnectionState.Reconnecting, { reason: plan.reason, retryInMs: plan.delayMs }),
      timer(plan.delayMs, ctx.scheduler).pipe(ignoreElements()),
      attempt$(ctx),
    );
  });
}
