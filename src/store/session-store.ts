/**
 * Typed access to what qqbot-rx keeps in a {@link Store}: the gateway URL, each shard's
 * session and the access token, as versioned JSON under the keys of {@link storeKeys}.
 */
import { asyncScheduler, type SchedulerLike, type Subscription, timer } from "rxjs";
import { silentLogger, type Logger } from "../logger.js";
import { isWebSocketUrl } from "../protocol/ws-url.js";
import type { Counters } from "../stats.js";
import { ResilientStore } from "./resilient-store.js";
import { storeKeys, type Store } from "./store.js";

/** Version of every JSON value the session store writes. */
export const SESSION_STORE_VERSION = 1;

/** A shard's session as persisted: enough to RESUME after a restart or a hand-over. */
export interface ShardSession {
  sessionId: string;
  /** Highest `s` seen. */
  seq: number;
  /** Shard count the session was identified with (a different count cannot resume it). */
  shardCount: number;
}

/** A persisted access token. */
export interface StoredToken {
  token: string;
  /** Scheduler time at which it expires. */
  expiresAtMs: number;
}

/** Options of {@link createSessionStore}. */
export interface SessionStoreOptions {
  store: Store;
  appId: string;
  /** For the seq debounce and token expiry. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
  logger?: Logger;
  counters?: Counters;
  /** Seq-only changes are written at most once per this many ms. @defaultValue 1000 */
  seqDebounceMs?: number;
}

/** Typed helpers over a store. No method ever rejects: store failures are logged, counted and served from memory. */
export interface SessionStore {
  loadGatewayUrl(): Promise<string | undefined>;
  saveGatewayUrl(url: string): Promise<void>;
  removeGatewayUrl(): Promise<void>;
  loadSession(shard: number): Promise<ShardSession | undefined>;
  /** New session or shard count: written at once. Seq-only change: written within `seqDebounceMs`. */
  saveSession(shard: number, session: ShardSession): Promise<void>;
  /**
   * The hot path, once per dispatch: the shard's seq grew. Written into the known session in
   * place and persisted within `seqDebounceMs` (and by `flush()`); nothing is allocated.
   */
  noteSeq(shard: number, seq: number): void;
  clearSession(shard: number): Promise<void>;
  /** The token, unless missing or expired. */
  loadToken(): Promise<StoredToken | undefined>;
  saveToken(token: string, expiresAtMs: number): Promise<void>;
  /** Write every pending seq change now, and wait for every write already under way. */
  flush(): Promise<void>;
  /** `flush()`, then stop the debounce timers. */
  close(): Promise<void>;
}

const isInt = (v: unknown, min: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= min;

/**
 * Create the session store of one app. The given store is wrapped in a
 * {@link ResilientStore} (unless it is one), so a failing store degrades to memory.
 *
 * Seq writes are throttled (seqDebounceMs = 1000 here): a seq change marks its shard dirty and,
 * unless a write is already due, schedules one `timer(seqDebounceMs)` that writes every dirty shard.
 * ```
 * saveSession/noteSeq:  S─s─s─s──────────s──     S = new session, s = seq-only change
 * store writes:         W─────── 1000ms ─W──…    (immediate for S, then the latest seq once per window)
 * ```
 */
export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const scheduler = options.scheduler ?? asyncScheduler;
  const logger = options.logger ?? silentLogger;
  const { appId, counters } = options;
  const store =
    options.store instanceof ResilientStore
      ? options.store
      : new ResilientStore(options.store, { logger, counters, scheduler });

  /** Last session known per shard (written or pending); `dirty` = not yet written. */
  const known = new Map<number, ShardSession>();
  const dirty = new Set<number>();
  const debounceMs = options.seqDebounceMs ?? 1000;
  /** The write of the dirty seqs that is due, if one is. */
  let due: Subscription | undefined;
  let closed = false;
  const seqChanged = (shard: number): void => {
    dirty.add(shard);
    if (due || closed) return;
    due = timer(debounceMs, scheduler).subscribe(() => {
      due = undefined;
      for (const dirtyShard of [...dirty]) void writeSession(dirtyShard);
    });
  };

  /** Writes and deletes not finished yet: `flush()` (and so `close()`) waits for them too. */
  const inFlight = new Set<Promise<void>>();
  const track = (write: Promise<void>): Promise<void> => {
    inFlight.add(write);
    write.then(() => inFlight.delete(write), () => inFlight.delete(write));
    return write;
  };
  const writeJson = (key: string, value: object, ttlMs?: number): Promise<void> =>
    track(store.set(key, JSON.stringify({ version: SESSION_STORE_VERSION, ...value }), ttlMs));

  function writeSession(shard: number): Promise<void> {
    const session = known.get(shard);
    if (!dirty.delete(shard) || !session) return Promise.resolve();
    return writeJson(storeKeys.session(appId, shard), session);
  }

  async function flush(): Promise<void> {
    await Promise.all([...dirty].map((shard) => writeSession(shard)));
    await Promise.allSettled([...inFlight]);
  }

  /** Parse a stored JSON value; anything unusable is warned about, counted and ignored. */
  async function readJson<T>(key: string, what: string, check: (doc: Record<string, unknown>) => T | undefined) {
    const text = await store.get(key);
    if (text === undefined) return undefined;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      doc = undefined;
    }
    const ok = typeof doc === "object" && doc !== null && (doc as { version?: unknown }).version === SESSION_STORE_VERSION;
    const value = ok ? check(doc as Record<string, unknown>) : undefined;
    if (value === undefined) {
      counters?.increment("storeErrors");
      logger.warn({ key }, `ignoring a stored ${what} that is corrupt or from another version`);
    }
    return value;
  }

  return {
    async loadGatewayUrl() {
      const key = storeKeys.gatewayUrl(appId);
      // A bare URL (as written by `gatewayUrlStore`) is accepted too.
      const text = await store.get(key);
      if (text !== undefined && isWebSocketUrl(text)) return text;
      return readJson(key, "gateway URL", (d) => (typeof d.url === "string" && isWebSocketUrl(d.url) ? d.url : undefined));
    },
    saveGatewayUrl: (url) => writeJson(storeKeys.gatewayUrl(appId), { url }),
    removeGatewayUrl: () => track(store.delete(storeKeys.gatewayUrl(appId))),

    async loadSession(shard) {
      const session = await readJson(storeKeys.session(appId, shard), "session", (d) =>
        typeof d.sessionId === "string" && d.sessionId !== "" && isInt(d.seq, 0) && isInt(d.shardCount, 1)
          ? { sessionId: d.sessionId, seq: d.seq, shardCount: d.shardCount }
          : undefined,
      );
      if (session && !dirty.has(shard)) known.set(shard, session);
      return dirty.has(shard) ? known.get(shard) : session;
    },

    saveSession(shard, session) {
      const previous = known.get(shard);
      known.set(shard, { sessionId: session.sessionId, seq: session.seq, shardCount: session.shardCount });
      dirty.add(shard);
      const seqOnly = previous?.sessionId === session.sessionId && previous.shardCount === session.shardCount;
      if (seqOnly && !closed) {
        seqChanged(shard);
        return Promise.resolve();
      }
      return writeSession(shard);
    },

    noteSeq(shard, seq) {
      const session = known.get(shard);
      if (!session || seq <= session.seq) return;
      session.seq = seq;
      seqChanged(shard);
    },

    clearSession(shard) {
      known.delete(shard);
      dirty.delete(shard);
      return track(store.delete(storeKeys.session(appId, shard)));
    },

    loadToken: async () => {
      const token = await readJson(storeKeys.accessToken(appId), "access token", (d) =>
        typeof d.token === "string" && d.token !== "" && typeof d.expiresAtMs === "number"
          ? { token: d.token, expiresAtMs: d.expiresAtMs }
          : undefined,
      );
      return token && token.expiresAtMs > scheduler.now() ? token : undefined;
    },
    saveToken: (token, expiresAtMs) =>
      writeJson(storeKeys.accessToken(appId), { token, expiresAtMs }, Math.max(0, expiresAtMs - scheduler.now())),

    flush,
    async close() {
      closed = true;
      due?.unsubscribe();
      due = undefined;
      await flush();
    },
  };
}
