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
    // The hot path: a seq that grows is written into the session in place (no snapshot) and
    // reported through `onSeq`, which persists it on a timer.
    const onSeq = (seq: number): void => {
      const session = ctx.session;
      if (!session || seq <= session.seq) return;
      session.seq = seq;
      ctx.onSeq?.(seq);
    };
    const session = ctx.session && { ...ctx.session };
    const request = { url, session, attempt: ctx.attempt, onSeq };
    /** How far this connection got, for a disconnect it has to make up itself (an error, no disconnect event). */
    let reached: "nothing" | "open" | "hello" | "ready" = "nothing";
    let openAt = 0;
    let resumed = false;
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
      const opened = reached !== "nothing";
      return {
        cause: opened ? "error" : "connect-failed",
        reason: safeMessage(err),
        at: now,
        connectedFor: opened ? now - openAt : 0,
        sawHello: reached === "hello" || reached === "ready", ready: reached === "ready", attemptedResume: resumed, error: err,
      };
    };

    const handle = (ev: ConnectionEvent): void => {
      switch (ev.type) {
        case "open":
          reached = "open";
          openAt = scheduler.now();
          return;
        case "hello":
          reached = "hello";
          ctx.gatewayUrl.remember(url);
          return;
        case "handshake":
          if (ev.mode === "resume") {
            resumed = true;
            counters?.increment("resumes");
          } else counters?.increment("identifies");
          return state(ev.mode === "resume" ? ConnectionState.Resuming : ConnectionState.Identifying);
        case "ready": {
          reached = "ready";
          const prev = ctx.session?.sessionId === ev.sessionId ? ctx.session.seq : 0;
          setSession(ctx, { sessionId: ev.sessionId, seq: Math.max(prev, ev.seq) });
          state(ConnectionState.Ready);
          return subscriber.next({ type: "ready", sessionId: ev.sessionId, resumed: ev.resumed, shard, ...(ev.user ? { user: ev.user } : {}) });
        }
        case "dispatch":
          if (typeof ev.payload.s === "number") onSeq(ev.payload.s);
          return subscriber.next({ type: "dispatch", payload: ev.payload, shard });
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
