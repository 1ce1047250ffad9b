/**
 * Stores: where the gateway URL, sessions and (optionally) the access token live.
 *
 * @example
 * ```ts
 * import { FileStore, RedisStore } from "qqbot-rx";
 * createBot({ appId, clientSecret, store: new FileStore("./.qqbot/state.json") });
 * ```
 */
export { storeKeys, type Store } from "./store.js";
export { MemoryStore } from "./memory-store.js";
export { FileStore, FILE_STORE_VERSION, type FileStoreOptions } from "./file-store.js";
export { RedisStore, type RedisStoreOptions } from "./redis-store.js";
export { REDIS_CLIENT_DEFAULTS, type RedisConnection } from "./redis-client.js";
export { ResilientStore, type ResilientStoreOptions } from "./resilient-store.js";
export { StoreLockTimeoutError } from "./lock-wait.js";
export {
  createSessionStore, SESSION_STORE_VERSION,
  type SessionStore, type SessionStoreOptions, type ShardSession, type StoredToken,
} from "./session-store.js";
