/**
 * A {@link Store} in one JSON file, shared safely by every process on one machine.
 * A restarted bot finds its gateway URL and session here and resumes with zero `/gateway` calls.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import lockfile from "proper-lockfile";
import { SerialQueue } from "./serial-queue.js";
import { asyncScheduler, type SchedulerLike } from "rxjs";
import { safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import { writeFileAtomically } from "./atomic-write.js";
import { waitForLock } from "./lock-wait.js";
import type { Store } from "./store.js";

/** Version of the file format written by {@link FileStore}. */
export const FILE_STORE_VERSION = 1;

interface FileEntry {
  value: string;
  expiresAt?: number;
}

type Entries = Record<string, FileEntry>;

/** Options of {@link FileStore}. */
export interface FileStoreOptions {
  /** Where lock problems and a corrupt or foreign file are reported. @defaultValue silent */
  logger?: Logger;
  /** Clock for TTLs. @defaultValue `scheduler.now()` (wall clock) */
  now?: () => number;
  /** Scheduler for the waits between lock attempts. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
  /** Longest wait for a lock before `StoreLockTimeoutError`. @defaultValue 30 000 */
  lockWaitMs?: number;
  /** Delay between lock attempts. @defaultValue 25 */
  lockRetryMs?: number;
}

/** A lock on the data file older than this (holder crashed) is broken. */
const DATA_LOCK_STALE_MS = 10_000;

/**
 * One JSON file `{version: 1, entries: {key: {value, expiresAt?}}}`.
 * - writes are atomic: temp file in the same directory, fsync, rename;
 * - `set`/`delete` hold a `proper-lockfile` lock on the file while they read-modify-write,
 *   so processes never lose each other's writes; reads take no lock;
 * - `withLock(name, ttlMs, fn)` is a cross-process lock (`proper-lockfile`, `stale` = ttlMs, at least 2 s);
 *   the holder keeps it fresh while `fn` runs, a crashed holder's lock goes stale after ttlMs;
 * - a corrupt or foreign-version file is logged (warn) and read as empty; the next write replaces it.
 *
 * @example
 * ```ts
 * const bot = createBot({ appId, clientSecret, store: new FileStore("./.qqbot/state.json") });
 * ```
 */
export class FileStore implements Store {
  /** The JSON file this store reads and writes. */
  readonly path: string;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #scheduler: SchedulerLike;
  readonly #lockWaitMs: number;
  readonly #lockRetryMs: number;
  /** In-process queues (data + each named lock), so this process does not spin on its own file locks. */
  readonly #serial = new SerialQueue();
  #ensured: Promise<void> | undefined;
  #warnedAbout: string | undefined;

  constructor(path: string, options: FileStoreOptions = {}) {
    this.path = resolve(path);
    this.#logger = options.logger ?? silentLogger;
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.#now = options.now ?? (() => this.#scheduler.now());
    this.#lockWaitMs = options.lockWaitMs ?? 30_000;
    this.#lockRetryMs = options.lockRetryMs ?? 25;
  }

  async get(key: string): Promise<string | undefined> {
    const entry = (await this.#read())[key];
    if (!entry || this.#expired(entry)) return undefined;
    return entry.value;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await this.#modify((entries) => {
      entries[key] = ttlMs === undefined ? { value } : { value, expiresAt: this.#now() + ttlMs };
    });
  }

  /** Under the data lock, so processes sharing the file never both win the same key. */
  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    let stored = false;
    await this.#modify((entries) => {
      if (entries[key]) return; // expired entries were already dropped
      entries[key] = ttlMs === undefined ? { value } : { value, expiresAt: this.#now() + ttlMs };
      stored = true;
    });
    return stored;
  }

  async delete(key: string): Promise<void> {
    await this.#modify((entries) => {
      delete entries[key];
    });
  }

  async withLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    const target = `${this.path}.lock-${encodeURIComponent(name)}`;
    return this.#serial.run(`lock:${name}`, () => this.#holding(target, `store lock "${name}"`, ttlMs, fn));
  }

  #expired(entry: FileEntry): boolean {
    return entry.expiresAt !== undefined && entry.expiresAt <= this.#now();
  }

  /** Read-modify-write under the data lock; expired entries are dropped on the way. */
  async #modify(change: (entries: Entries) => void): Promise<void> {
    await this.#serial.run("data", () =>
      this.#holding(this.path, `file store ${basename(this.path)}`, DATA_LOCK_STALE_MS, async () => {
        const entries = await this.#read();
        for (const [key, entry] of Object.entries(entries)) if (this.#expired(entry)) delete entries[key];
        change(entries);
        await writeFileAtomically(this.path, JSON.stringify({ version: FILE_STORE_VERSION, entries }, null, 1));
      }),
    );
  }

  /** Run `fn` holding a proper-lockfile lock on `target` (a directory `${target}.lock`). */
  async #holding<T>(target: string, what: string, staleMs: number, fn: () => Promise<T>): Promise<T> {
    await this.#ensureFile();
    const release = await waitForLock(
      async () => {
        try {
          return await lockfile.lock(target, {
            realpath: false,
            stale: Math.max(staleMs, 2000),
            retries: 0,
            onCompromised: (err) => this.#logger.warn({ file: target, err: safeMessage(err) }, `${what} was compromised`),
          });
        } catch (err) {
          if ((err as { code?: unknown }).code === "ELOCKED") return undefined;
          throw err;
        }
      },
      { name: what, waitMs: this.#lockWaitMs, retryMs: this.#lockRetryMs, scheduler: this.#scheduler },
    );
    try {
      return await fn();
    } finally {
      await release().catch((err: unknown) =>
        this.#logger.warn({ file: target, err: safeMessage(err) }, `could not release ${what}`),
      );
    }
  }

  /** Create the directory and an empty store file when missing (once per instance). */
  #ensureFile(): Promise<void> {
    this.#ensured ??= (async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const empty = JSON.stringify({ version: FILE_STORE_VERSION, entries: {} });
      await writeFile(this.path, empty, { flag: "wx" }).catch((err: unknown) => {
        if ((err as { code?: unknown }).code !== "EEXIST") throw err;
      });
    })().catch((err: unknown) => {
      this.#ensured = undefined;
      throw err;
    });
    return this.#ensured;
  }

  async #read(): Promise<Entries> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (err) {
      if ((err as { code?: unknown }).code === "ENOENT") return {};
      throw err;
    }
    return this.#parse(text);
  }

  #parse(text: string): Entries {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      return this.#ignore(text, `is not valid JSON (${safeMessage(err)})`);
    }
    if (typeof doc !== "object" || doc === null) return this.#ignore(text, "is not a JSON object");
    const { version, entries } = doc as { version?: unknown; entries?: unknown };
    if (version !== FILE_STORE_VERSION) {
      return this.#ignore(text, `has version ${JSON.stringify(version)}, expected ${FILE_STORE_VERSION}`);
    }
    if (typeof entries !== "object" || entries === null || Array.isArray(entries)) {
      return this.#ignore(text, "has no entries object");
    }
    const out: Entries = {};
    for (const [key, raw] of Object.entries(entries as Record<string, unknown>)) {
      const entry = raw as { value?: unknown; expiresAt?: unknown } | null;
      if (typeof entry?.value !== "string") continue;
      if (typeof entry.expiresAt === "number") out[key] = { value: entry.value, expiresAt: entry.expiresAt };
      else out[key] = { value: entry.value };
    }
    return out;
  }

  /** Warn (once per distinct bad content) and read the file as empty. */
  #ignore(text: string, problem: string): Entries {
    if (this.#warnedAbout !== text) {
      this.#warnedAbout = text;
      this.#logger.warn(
        { file: this.path },
        `store file ${problem}: ignoring its contents; the next write replaces it`,
      );
    }
    return {};
  }
}
