/**
 * Graceful shutdown: on `SIGTERM` (what Kubernetes, systemd and Docker send) or `SIGINT`,
 * close the bot, which writes every shard's session with its latest seq so that the next
 * process RESUMEs instead of IDENTIFYing and misses nothing; then close what else you list
 * (stores, throttlers, HTTP servers) and exit.
 *
 * ```
 * SIGTERM ─► bot.close() (sockets, timers, session flush) ─► also[0].close() ─► … ─► exit 0
 *            └──────────────── longer than timeoutMs ──────────────────────────► exit 1
 * a second signal while closing ─────────────────────────────────────────────► exit 1 at once
 * ```
 */
import { asyncScheduler, catchError, firstValueFrom, from, map, of, race, type SchedulerLike, timer } from "rxjs";
import { safeMessage } from "./errors.js";
import { silentLogger, type Logger } from "./logger.js";

/** Something closed after the bot: an object with `close()` (a `RedisStore`, a throttler, the simulator) or a function. */
export type Closable =
  | {
      /** Close it; awaited when it returns a promise. */
      close(): unknown;
    }
  | (() => unknown);

/** The parts of `process` the helper uses (injectable for tests). */
export interface SignalProcess {
  /** Add a signal listener. */
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  /** Remove a signal listener. */
  off(signal: NodeJS.Signals, listener: () => void): unknown;
  /** End the process. */
  exit(code?: number): void;
  /** Set to the exit code before `exit` is called (or instead of it, with `exit: false`). */
  exitCode?: number | string | undefined;
}

/** Options of {@link closeOnSignal}. */
export interface CloseOnSignalOptions {
  /** Signals that start the shutdown. */
  signals: readonly NodeJS.Signals[];
  /** How long closing may take before the process exits anyway, with code 1. */
  timeoutMs: number;
  /** Closed after the bot, one after the other, in this order. */
  also: readonly Closable[];
  /** Call `process.exit(code)` once closed (otherwise only `process.exitCode` is set and the signal handlers are removed). */
  exit: boolean;
  /** Where the shutdown is logged. */
  logger: Logger;
  /** Scheduler of the timeout. */
  scheduler: SchedulerLike;
  /** The process to listen on and exit. */
  process: SignalProcess;
}

/** Defaults of {@link CloseOnSignalOptions} (`process` defaults to the global `process`). */
export const DEFAULT_CLOSE_ON_SIGNAL_OPTIONS = {
  /** @inheritDoc CloseOnSignalOptions.signals */
  signals: ["SIGTERM", "SIGINT"],
  /** @inheritDoc CloseOnSignalOptions.timeoutMs */
  timeoutMs: 10_000,
  /** @inheritDoc CloseOnSignalOptions.also */
  also: [],
  /** @inheritDoc CloseOnSignalOptions.exit */
  exit: true,
  /** @inheritDoc CloseOnSignalOptions.logger */
  logger: silentLogger,
  /** @inheritDoc CloseOnSignalOptions.scheduler */
  scheduler: asyncScheduler,
} as const satisfies Omit<CloseOnSignalOptions, "process">;

/** What {@link closeOnSignal} returns. */
export interface ShutdownHandle {
  /**
   * Shut down now, as if a signal had come (e.g. after a fatal error); resolves with the exit
   * code: `exitCode` (default 0) when everything closed in time, else 1. Idempotent.
   */
  shutdown(reason?: string, exitCode?: number): Promise<number>;
  /** Remove the signal handlers (the shutdown is not started). */
  dispose(): void;
}

/**
 * Close `bot` (and everything in `also`) when one of `signals` arrives, then exit: code 0 when
 * all of it closed within `timeoutMs`, 1 when something failed or took too long.
 *
 * @example
 * ```ts
 * const shutdown = closeOnSignal(bot, { also: [store, throttler], logger: console });
 * bot.messages$.subscribe({ error: () => void shutdown.shutdown("gateway stopped", 1) });
 * ```
 */
export function closeOnSignal(bot: { close(): Promise<void> }, options: Partial<CloseOnSignalOptions> = {}): ShutdownHandle {
  const opts = { ...DEFAULT_CLOSE_ON_SIGNAL_OPTIONS, ...options, process: options.process ?? (globalThis.process as SignalProcess) };
  const proc = opts.process;
  let closing: Promise<number> | undefined;

  const closeAll = async (): Promise<void> => {
    await bot.close();
    for (const item of opts.also) await (typeof item === "function" ? item() : item.close());
  };

  const shutdown = (reason = "shutdown requested", exitCode = 0): Promise<number> =>
    (closing ??= (async () => {
      opts.logger.info({ reason }, `${reason}: closing (sessions are written for the next process)`);
      const code = await firstValueFrom(
        race(
          from(closeAll()).pipe(map(() => exitCode)),
          timer(opts.timeoutMs, opts.scheduler).pipe(map(() => {
            opts.logger.error({ timeoutMs: opts.timeoutMs }, `not closed within ${opts.timeoutMs} ms: exiting anyway`);
            return 1;
          })),
        ).pipe(catchError((err: unknown) => {
          opts.logger.error({ err: safeMessage(err) }, "closing failed");
          return of(1);
        })),
      );
      proc.exitCode = code;
      if (opts.exit) proc.exit(code);
      else dispose();
      return code;
    })());

  const onSignal = (signal: NodeJS.Signals) => (): void => {
    if (closing !== undefined) {
      opts.logger.warn({ signal }, `${signal} again while closing: exiting now`);
      proc.exitCode = 1;
      proc.exit(1);
      return;
    }
    void shutdown(signal);
  };
  const listeners = opts.signals.map((signal) => [signal, onSignal(signal)] as const);
  for (const [signal, listener] of listeners) proc.on(signal, listener);
  const dispose = (): void => {
    for (const [signal, listener] of listeners) proc.off(signal, listener);
  };
  return { shutdown, dispose };
}
