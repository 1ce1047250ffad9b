/**
 * Where the gateway URL cache persists between processes: a three-method view of a
 * {@link Store} under one key, so a restarted bot reconnects with zero `/gateway` calls.
 *
 * @example
 * ```ts
 * const urls = createGatewayUrlSource({
 *   fetchGatewayUrl, policy, scheduler,
 *   store: gatewayUrlStore(store, storeKeys.gatewayUrl(appId)),
 * });
 * ```
 */
import type { Store } from "../store/store.js";

/** Persistence of the one cached gateway URL. Every method may reject; callers log and go on. */
export interface GatewayUrlStore {
  load(): Promise<string | undefined>;
  save(url: string): Promise<void>;
  remove(): Promise<void>;
}

/**
 * A {@link GatewayUrlStore} over `store` at `key`.
 *
 * @example
 * ```ts
 * await gatewayUrlStore(new MemoryStore(), "qqbot-rx:123:gateway-url").save("wss://api.sgroup.qq.com/websocket");
 * ```
 */
export function gatewayUrlStore(store: Store, key: string): GatewayUrlStore {
  return {
    load: () => store.get(key),
    save: (url) => store.set(key, url),
    remove: () => store.delete(key),
  };
}
