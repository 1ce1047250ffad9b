/**
 * Where qqbot-rx keeps what must outlive a connection or a process: the gateway URL,
 * per-shard sessions, optionally the access token. Keys are namespaced by appId by the caller.
 */
export interface Store {
  get(key: string): Promise<string | undefined>;
  /** `ttlMs` omitted = no expiry. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Run `fn` while holding a named lock across every process sharing this store. */
  withLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T>;
}

/** Store keys for one app. */
export const storeKeys = {
  gatewayUrl: (appId: string) => `qqbot-rx:${appId}:gateway-url`,
  session: (appId: string, shard: number) => `qqbot-rx:${appId}:session:${shard}`,
  accessToken: (appId: string) => `qqbot-rx:${appId}:access-token`,
} as const;
