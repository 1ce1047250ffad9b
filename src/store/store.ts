/**
 * Where qqbot-rx keeps what must outlive a connection or a process: the gateway URL,
 * per-shard sessions, optionally the access token. Keys are namespaced by appId by the caller.
 */
export interface Store {
  /** The value of `key`; `undefined` when it holds nothing or has expired. */
  get(key: string): Promise<string | undefined>;
  /** `ttlMs` omitted = no expiry. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Remove `key`; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Run `fn` while holding a named lock across every process sharing this store. */
  withLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T>;
  /**
   * Optional: store `value` only when `key` holds nothing (atomically across every process
   * sharing this store); true when it was stored. `ttlMs` omitted = no expiry.
   * Without it, {@link setIfAbsent} emulates it with `withLock` + `get` + `set`.
   */
  setIfAbsent?(key: string, value: string, ttlMs?: number): Promise<boolean>;
}

/**
 * `store.setIfAbsent` when the store has it; otherwise `get` then `set` under
 * `withLock("set-if-absent:" + key)`, which is just as atomic for stores whose lock spans processes.
 */
export async function setIfAbsent(store: Store, key: string, value: string, ttlMs?: number): Promise<boolean> {
  if (typeof store.setIfAbsent === "function") return store.setIfAbsent(key, value, ttlMs);
  return store.withLock(`set-if-absent:${key}`, 10_000, async () => {
    if ((await store.get(key)) !== undefined) return false;
    await store.set(key, value, ttlMs);
    return true;
  });
}

/** Store keys for one app. */
export const storeKeys = {
  gatewayUrl: (appId: string) => `qqbot-rx:${appId}:gateway-url`,
  session: (appId: string, shard: number) => `qqbot-rx:${appId}:session:${shard}`,
  accessToken: (appId: string) => `qqbot-rx:${appId}:access-token`,
  gatewayBot: (appId: string) => `qqbot-rx:${appId}:gateway-bot`,
} as const;
