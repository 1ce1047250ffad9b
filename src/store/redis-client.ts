/**
 * Opening an ioredis connection from whatever the user passed, loading `ioredis` lazily
 * (it is an optional peer dependency: only Redis users install it).
 */
import type { Redis, RedisOptions } from "ioredis";
import { QQBotConfigError, safeMessage } from "../errors.js";
import type { Logger } from "../logger.js";

/** What a Redis-backed component accepts: a connection, ioredis options, or a `redis://` URL. */
export type RedisConnection = Redis | RedisOptions | string;

/** The ioredis module shape qqbot-rx uses. */
export type IoredisModule = {
  /** The ioredis client class. */
  Redis: {
    /** Creates a client. */
    new (...args: never[]): Redis;
  };
};

/** Loads `ioredis`; replaceable in tests. */
export type IoredisImporter = () => Promise<IoredisModule>;

/**
 * Options applied to connections qqbot-rx creates itself: commands fail fast during an
 * outage (one retry, reconnects at most 1 s apart, 5 s command timeout) so the resilient
 * layer falls back to memory quickly and notices the recovery soon. Pass the same to a
 * connection you create yourself for the same behaviour.
 */
export const REDIS_CLIENT_DEFAULTS = {
  maxRetriesPerRequest: 1,
  commandTimeout: 5_000,
  connectTimeout: 5_000,
  retryStrategy: (attempt: number) => Math.min(attempt * 50, 1_000),
} as const satisfies RedisOptions;

/** A connection and whether qqbot-rx owns it (and must `quit` it). */
export interface OpenedRedis {
  client: Redis;
  owned: boolean;
}

const defaultImporter: IoredisImporter = () => import("ioredis") as Promise<IoredisModule>;

function isClient(value: RedisConnection | undefined): value is Redis {
  return typeof value === "object" && value !== null && typeof (value as Redis).quit === "function" &&
    typeof (value as Redis).eval === "function";
}

/**
 * Use `connection` if it is an ioredis client; otherwise `import("ioredis")` and create one
 * (with {@link REDIS_CLIENT_DEFAULTS}, under the caller's options). A missing `ioredis` is a
 * `QQBotConfigError` that says which package to install.
 */
export async function openRedis(
  connection: RedisConnection | undefined,
  component: string,
  logger: Logger,
  importer: IoredisImporter = defaultImporter,
): Promise<OpenedRedis> {
  if (isClient(connection)) return { client: connection, owned: false };
  let mod: IoredisModule;
  try {
    mod = await importer();
  } catch (err) {
    throw new QQBotConfigError([
      {
        field: component,
        problem: `needs the optional package "ioredis", which could not be loaded (${safeMessage(err)}): install it with \`npm install ioredis\``,
      },
    ]);
  }
  const Ctor = mod.Redis as unknown as new (...args: unknown[]) => Redis;
  const client =
    typeof connection === "string"
      ? new Ctor(connection, { ...REDIS_CLIENT_DEFAULTS })
      : new Ctor({ ...REDIS_CLIENT_DEFAULTS, ...(connection ?? {}) });
  // Without a listener ioredis prints every connection error to the console.
  client.on("error", (err: unknown) => logger.debug({ err: safeMessage(err) }, `${component}: redis connection error`));
  return { client, owned: true };
}
