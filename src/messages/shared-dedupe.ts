/**
 * Delivered once across processes: before a message (or event) reaches the app, its id is
 * claimed in the shared store with an atomic set-if-absent and a TTL; only the process that
 * stored the key delivers it. This is what `dedupe: { shared: true }` adds to the per-process
 * id window: when a process dies without writing its latest seq (SIGKILL, OOM, a lost machine), the
 * process that takes its shards over RESUMEs from an older seq and the platform replays
 * messages the dead one already delivered; their claims are taken, so they are dropped.
 *
 * ```
 * process A: msg m7 ─ SET …:delivered:message:m7 NX PX ttl ─► OK  → delivered     (then SIGKILL)
 * process B: RESUME from seq 5 → replay m6, m7, m8
 *            m7 ─ SET NX ─► nil → dropped (duplicatesDropped) · m8 ─ SET NX ─► OK → delivered
 * ```
 *
 * Claims are taken concurrently and delivered in arrival order. A store that fails or does not
 * answer within `timeoutMs` is skipped: the message is delivered (at-least-once; one warning per
 * outage, counted in `storeErrors` and `unclaimedDeliveries`; see `createClaims`), so a hung
 * Redis never holds the stream up. A process killed between its claim and the delivery loses
 * that one message (the claim window is one store round trip).
 */
import { concatMap, filter, from, map, type MonoTypeOperatorFunction } from "rxjs";
import { createClaims, type AppClaimOptions, type Claims } from "../store/claims.js";

/** Store key of one delivered message or event. */
export function deliveryClaimKey(appId: string, key: string): string {
  return `qqbot-rx:${appId}:delivered:${key}`;
}

/** Delivery claims backed by `options.store` (see the module comment). */
export function createDeliveryClaims(options: AppClaimOptions): Claims {
  const { appId, ...rest } = options;
  return createClaims({ ...rest, storeKey: (key) => deliveryClaimKey(appId, key), what: "deliveries" });
}

/**
 * Pass each value whose key this process claims first; drop the others (calling
 * `onDuplicate`). Values without a key always pass. Order is kept.
 *
 * @example
 * ```ts
 * const claims = createDeliveryClaims({ store, appId, ttlMs: 3_600_000 });
 * messages$.pipe(claimOnce((m) => `message:${m.id}`, claims.claim, () => counters.increment("duplicatesDropped")))
 * ```
 */
export function claimOnce<T>(
  keyOf: (value: T) => string | undefined,
  claim: (key: string) => Promise<boolean>,
  onDuplicate?: (value: T) => void,
): MonoTypeOperatorFunction<T> {
  return (source) =>
    source.pipe(
      // Start every claim at once; deliver in arrival order as they are granted.
      map((value) => {
        const key = keyOf(value);
        return { value, granted: key === undefined ? Promise.resolve(true) : claim(key).catch(() => true) };
      }),
      concatMap(({ value, granted }) =>
        from(granted).pipe(
          filter((ok) => {
            if (!ok) onDuplicate?.(value);
            return ok;
          }),
          map(() => value),
        ),
      ),
    );
}
