/**
 * What the reconnect loop emits: state changes, dispatches, READY/RESUMED and disconnects,
 * each tagged with its shard. The bot maps these onto `state$`, `events$` and `messages$`.
 */
import { defer, of, type Observable, type SchedulerLike } from "rxjs";
import type { GatewayPayload } from "../protocol/payloads.js";
import type { Disconnect } from "./disconnect.js";
import type { ConnectionState, StateChange } from "./state.js";

/** The bot's own user, from READY (absent on RESUMED). */
export interface ReadyUser {
  id: string;
  username?: string | undefined;
}

/** One event of the reconnect loop (or of the webhook transport). */
export type LoopEvent =
  /** The connection moved to a new state. */
  | { type: "state"; change: StateChange }
  /** An op 0 frame other than READY/RESUMED. */
  | { type: "dispatch"; payload: GatewayPayload & { t: string; s?: number }; shard: number }
  /** READY (`resumed: false`, with the bot's `user` when the connection reported it) or RESUMED (`resumed: true`). */
  | { type: "ready"; sessionId: string; resumed: boolean; shard: number; user?: ReadyUser | undefined }
  /** A connection ended (exactly one per connection). */
  | { type: "disconnect"; disconnect: Disconnect; shard: number };

/** A `state` event stamped with the scheduler's time when it is emitted. */
export function stateEvent(
  scheduler: SchedulerLike,
  shard: number,
  state: ConnectionState,
  extra: { reason?: string; retryInMs?: number } = {},
): Observable<LoopEvent> {
  return defer(() => of<LoopEvent>({ type: "state", change: { state, shard, at: scheduler.now(), ...extra } }));
}
