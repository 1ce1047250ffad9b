/**
 * Delivered once across processes: before a message (or event) reaches the app, its id is
 * claimed in the shared store; only the process that holds the claim delivers it, and settles
 * the claim once it did. This is what `dedupe: { shared: true }` adds to the per-process id
 * window: when a process dies without writing its latest seq (SIGKILL, OOM, a lost machine), the
 * process that takes its shards over RESUMEs from an older seq and the platform replays
 * messages the dead one already delivered; their claims are settled, so they are dropped.
 *
 * A claim is a lease (`DELIVERY_LEASE_MS`) until it is settled (see `createClaims`), so a process
 * killed between its claim and the delivery loses nothing: its successor waits for the lease to
 * run out and delivers the message. One killed after delivering and before settling (one store
 * write) makes its successor deliver that message again: at-least-once, never lost. A reply to a
 * message delivered twice is refused by the platform as a duplicate when it carries the same
 * `msg_id` and `msg_seq`, which `message.reply` numbers from 1 in every process.
 *
 * ```
 * process A: m7 ─ SET …:delivered:message:m7 pending:A NX ─► OK → delivered ─► SET … A (settled)   (then SIGKILL)
 *            m8 ─ SET …:delivered:message:m8 pending:A NX ─► OK ─╳ SIGKILL before the delivery
 * process B: RESUME from seq 5 → replay m6, m7, m8
 *            m7 ─ SET NX ─► nil, GET ─► A → dropped (duplicatesDropped)
 *            m8 ─ SET NX ─► nil, GET ─► pending:A … lease runs out … SET NX ─► OK → delivered
 * ```
 *
 * Claims are taken concurrently and delivered in arrival order. A store that fails or does not
 * answer within `timeoutMs` is skipped: the message is delivered (at-least-once; one warning per
 * outage, counted in `storeErrors` and `unclaimedDeliveries`; see `createClaims`), so a hung
 * Redis never holds the stream up.
 */
import { concatMap, filter, from, map, Observable, type MonoTypeOperatorFunction } from "rxjs";
import { createClaims, type AppClaimOptions, type Claims } from "../store/claims.js";

/** Store key of one delivered message or event. */
export function deliveryClaimKey(appId: string, key: string): string {
  return `qqbot-rx:${appId}:delivered:${key}`;
}

/** How long a delivery claim holds before it is settled: what a successor waits at most for a message whose claimer died. */
export const DELIVERY_LEASE_MS = 3_000;

/** Delivery claims backed by `options.store`, leased for {@link DELIVERY_LEASE_MS} unless told otherwise (see the module comment). */
export function createDeliveryClaims(options: AppClaimOptions): Claims {
  const { appId, ...rest } = options;
  return createClaims({ leaseMs: DELIVERY_LEASE_MS, ...rest, storeKey: (key) => deliveryClaimKey(appId, key), what: "deliveries" });
}

/** What {@link claimOnce} asks: `claim` a key before delivering, `settle` it once delivered. */
export type Claimer = Pick<Claims, "claim"> & Partial<Pick<Claims, "settle">>;

/**
 * Pass each value whose key this process claims first; drop the others (calling
 * `onDuplicate`). Values without a key always pass. Order is kept. Once the subscriber took a
 * value (its `next` returned), its claim is settled.
 *
 * @example
 * ```ts
 * const claims = createDeliveryClaims({ store, appId, ttlMs: 3_600_000 });
 * messages$.pipe(claimOnce((m) => `message:${m.id}`, claims, () => counters.increment("duplicatesDropped")))
 * ```
 */
export function claimOnce<T>(
  keyOf: (value: T) => string | undefined,
  claimer: Claimer,
  onDuplicate?: (value: T) => void,
): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) =>
      source
        .pipe(
          // Start every claim at once; deliver in arrival order as they are granted.
          map((value) => {
            const key = keyOf(value);
            return { value, key, granted: key === undefined ? Promise.resolve(true) : claimer.claim(key).catch(() => true) };
          }),
          concatMap(({ value, key, granted }) =>
            from(granted).pipe(
              filter((ok) => {
                if (!ok) onDuplicate?.(value);
                return ok;
              }),
              map(() => ({ value, key })),
            ),
          ),
        )
        .subscribe({
          next: ({ value, key }) => {
            subscriber.next(value);
            if (key !== undefined) claimer.settle?.(key); // delivered: the claim is final
          },
          error: (err: unknown) => subscriber.error(err),
          complete: () => subscriber.complete(),
        }),
    );
}
