/**
 * One connection as the loop sees it: call the injected `connect`, turn its
 * {@link ConnectionEvent}s into {@link LoopEvent}s, keep the session current, and hand the
 * one `Disconnect` on to the loop.
 *
 * ```
 * connect():  -o-h-H---R--d--d--x|        (open, hello, handshake, ready, dispatches, disconnect)
 * output:     c---i----rR-D--D--X         (c connecting, i identifying/resuming, r ready state,
 *                                          R ready, D dispatch, X disconnect; then onDisconnect)
 * ```
 *
 * - HELLO proves the URL: `gatewayUrl.remember(url)`;
 * - `connect-failed` before HELLO invalidates the URL;
 * - `connect()` erroring with refused credentials or IP → `GatewayFatalError` (`AUTH_FAILED`,
 *   `IP_NOT_ALLOWED`); any other error, or completing without a disconnect, becomes a disconnect;
 * - the disconnect goes to `ctx.disconnects$` right after it is emitted (the loop then plans the
 *   next attempt, unsubscribing this one).
 *
 * @example
 * ```ts
 * url$.pipe(switchMap((url) => runConnection(url, ctx)))
 * ```
 */
import { defer, Observable } from "rxjs";
import { safeMessage } from "../errors.js";
import type { LoopEvent } from "../transport/loop-events.js";
import { ConnectionState } from "../transport/state.js";
import { setSession, type LoopContext } from "./loop-context.js";
import { refusal } from "./refusals.js";
import type { ConnectionEvent, Disconnect } from "./types.js";

/** Run one connection to `url`. */
export function runConnection(url: string, ctx: LoopContext): Observable<LoopEvent> {
  return new Observable<LoopEvent>((subscriber) => {
    const { scheduler, shard, counters } = ctx;
    ctx.attempt += 1;
    if (ctx.attempt > 1) counters?.increment("reconnects");
    const request = { url, session: ctx.session, refreshToken: ctx.pendingRefresh, attempt: ctx.attempt };
    ctx.pendingRefresh = false;
    const seen = { openAt: undefined as number | undefined, sawHello: false, ready: false, attemptedResume: false };
    let ended = false;
    const state = (s: ConnectionState): void => subscriber.next({ type: "state", change: { state: s, shard, at: scheduler.now() } });

    const end = (d: Disconnect): void => {
      if (ended) return;
      ended = true;
      if (d.cause === "connect-failed" && !d.sawHello) ctx.gatewayUrl.invalidate(url);
      if (d.cause === "zombie") counters?.increment("zombies");
      // A drop after READY/RESUMED is routine on QQ (4009 every ~30 min, op 7); one before it is worth a warning.
      ctx.logger[d.ready ? "info" : "warn"]({ shard, cause: d.cause, closeCode: d.closeCode, reason: d.reason, connectedFor: d.connectedFor }, "gateway connection ended");
      subscriber.next({ type: "disconnect", disconnect: d, shard });
      ctx.disconnects$.next(d);
      subscriber.complete();
    };
    const synthetic = (err: unknown): Disconnect => {
      const now = scheduler.now();
      const opened = seen.openAt !== undefined;
      return {
        cause: opened ? "error" : "connect-failed",
        reason: safeMessage(err),
        at: now,
        connectedFor: opened ? now - (seen.openAt ?? now) : 0,
        sawHello: seen.sawHello, ready: seen.ready, attemptedResume: seen.attemptedResume, error: err,
      };
    };

    const handle = (ev: ConnectionEvent): void => {
      switch (ev.type) {
        case "open":
          seen.openAt = scheduler.now();
          return;
        case "hello":
          seen.sawHello = true;
          ctx.gatewayUrl.remember(url);
          return;
        case "handshake":
          if (ev.mode === "resume") {
            seen.attemptedResume = true;
            counters?.increment("resumes");
          } else counters?.increment("identifies");
          return state(ev.mode === "resume" ? ConnectionState.Resuming : ConnectionState.Identifying);
        case "ready": {
          seen.ready = true;
          const prev = ctx.session?.sessionId === ev.sessionId ? ctx.session.seq : 0;
          setSession(ctx, { sessionId: ev.sessionId, seq: Math.max(prev, ev.seq) });
          state(ConnectionState.Ready);
          return subscriber.next({ type: "ready", sessionId: ev.sessionId, resumed: ev.resumed, shard, ...(ev.user ? { user: ev.user } : {}) });
        }
        case "dispatch": {
          const s = ev.payload.s;
          if (typeof s === "number" && ctx.session && s > ctx.session.seq) setSession(ctx, { ...ctx.session, seq: s });
          return subscriber.next({ type: "dispatch", payload: ev.payload, shard });
        }
        case "seq":
          if (ctx.session && ev.seq > ctx.session.seq) setSession(ctx, { ...ctx.session, seq: ev.seq });
          return;
        case "disconnect":
          return end(ev.disconnect);
      }
    };

    state(ConnectionState.Connecting);
    return defer(() => ctx.connect(request)).subscribe({
      next: handle,
      error: (err: unknown) => {
        const fatal = refusal(err, shard);
        if (fatal) subscriber.error(fatal);
        else end(synthetic(err));
      },
      complete: () => end(synthetic(new Error("the connection completed without a disconnect event"))),
    });
  });
}
