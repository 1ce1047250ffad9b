/**
 * Integration-test harness: a simulated platform on 127.0.0.1 plus a bot pointed at it, with
 * short timings, a logger that captures every call, and recordings of `state$`, `messages$`
 * and its end. Waiting is done on observables (or `platform.waitFor`) with generous timeouts,
 * never on fixed sleeps.
 *
 * @example
 * ```ts
 * afterEach(closeHarnesses);
 * it("connects", async () => {
 *   const h = await startHarness();
 *   await h.waitForState("ready");
 *   h.platform.pushMessage("c2c", { content: "hi" });
 *   const [msg] = await h.waitForMessages(1);
 * });
 * ```
 */
import {
  filter, firstValueFrom, map, ReplaySubject, Subject, Subscription, timeout, type Observable,
} from "rxjs";
import { expect } from "vitest";
import {
  createBot, GatewayFatalError, Intents, LocalIdentifyThrottler, type Bot, type BotOptions, type Logger, type Message, type StateChange,
} from "../../src/index.js";
import {
  startSimulatedPlatform, type SimulatedPlatform, type SimulatedPlatformOptions,
} from "../../src/testing/index.js";
import { TEST_HEARTBEAT_RANGE_MS } from "./heartbeat-range.js";

/** How long any single wait may take before the test fails (the machine may be loaded). */
export const WAIT_MS = 15_000;

/** One call the bot made to its logger. */
export interface LogEntry {
  level: "debug" | "info" | "warn" | "error";
  obj: unknown;
  msg: string | undefined;
}

/** A logger that records every call (every level), and the records as one searchable text. */
export interface CapturingLogger extends Logger {
  readonly entries: LogEntry[];
  /** Every entry, JSON-stringified, one per line. */
  text(): string;
}

/** A {@link Logger} that keeps every call. */
export function capturingLogger(): CapturingLogger {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry["level"]) => (obj: object | string, msg?: string): void => {
    entries.push({ level, obj, msg });
  };
  return {
    entries,
    debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"),
    text: () => entries.map((e) => JSON.stringify(e)).join("\n"),
  };
}

/** Bot reconnect timings small enough for tests (each may be overridden per test). */
export const FAST_RECONNECT = {
  gatewayRetryDelaysMs: [20, 50, 100],
  rateLimitCooldownMs: 500,
  reconnectBackoffMs: [50, 100, 200],
  backoffJitter: 0,
  handshakeTimeoutMs: 5_000,
  helloTimeoutMs: 5_000,
  readyTimeoutMs: 5_000,
  heartbeatIntervalRangeMs: TEST_HEARTBEAT_RANGE_MS,
  invalidSessionDelayMs: 300,
} as const;

/** What {@link startHarness} takes. */
export interface HarnessOptions {
  /** Simulator options over `{ identifyWindowMs: 0, heartbeatIntervalMs: 1000 }`. */
  platform?: SimulatedPlatformOptions;
  /** Use this running simulator instead of starting one (it is then not closed by the harness). */
  on?: SimulatedPlatform;
  /**
   * Bot options over the simulator's endpoints and credentials and an identify throttler with
   * no window; `reconnect` is merged over {@link FAST_RECONNECT}.
   */
  bot?: Partial<BotOptions>;
  /** Subscribe to `messages$` at once (default true). */
  connect?: boolean;
  /** Run before the bot connects (e.g. arm faults that must hit the first connection). */
  beforeConnect?: (platform: SimulatedPlatform) => void;
}

/** A running simulator + bot, and what the bot did. */
export interface Harness {
  readonly platform: SimulatedPlatform;
  readonly bot: Bot;
  readonly logger: CapturingLogger;
  /** Every state change, from `idle` on. */
  readonly states: StateChange[];
  /** Every message delivered on `messages$`, in order. */
  readonly messages: Message[];
  /** Resolves with the error `messages$` ended with (rejects if it completes instead). */
  readonly ended: Promise<unknown>;
  /** Subscribe to `messages$` (done by default). */
  connect(): void;
  /** Resolve with the first state `name` recorded at index ≥ `from` (default: any recorded so far or later). */
  waitForState(name: StateChange["state"], from?: number, match?: (s: StateChange) => boolean): Promise<StateChange>;
  /** Resolve with the first `count` messages once that many have arrived. */
  waitForMessages(count: number): Promise<Message[]>;
  /** Close the bot, then the simulator (if the harness started it). Idempotent. */
  close(): Promise<void>;
}

const live = new Set<Harness>();

/** Bound a promise with a descriptive timeout. */
export function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** The `GatewayFatalError` the harness's bot ended with (fails the test if it ended otherwise). */
export async function fatalError(h: Harness): Promise<GatewayFatalError> {
  const err = await within(h.ended, "messages$ to error");
  expect(err).toBeInstanceOf(GatewayFatalError);
  return err as GatewayFatalError;
}

/** The first value of `source`, or an error naming what was awaited and what was seen by then. */
function waitOn<T>(source: Observable<T>, what: () => string): Promise<T> {
  return firstValueFrom(
    source.pipe(timeout({ first: WAIT_MS, with: () => { throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what()}`); } })),
  );
}

/** Start a simulator and a bot connected to it (unless `connect: false`). */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const ownsPlatform = options.on === undefined;
  const platform = options.on ?? await startSimulatedPlatform({ identifyWindowMs: 0, heartbeatIntervalMs: 1000, ...options.platform });
  const logger = capturingLogger();
  const { reconnect, ...botRest } = options.bot ?? {};
  let bot: Bot;
  try {
    bot = createBot({
      appId: platform.appId,
      clientSecret: platform.clientSecret,
      apiBase: platform.apiBase,
      tokenUrl: platform.tokenUrl,
      intents: Intents.PUBLIC_MESSAGES | Intents.PUBLIC_GUILD_MESSAGES | Intents.DIRECT_MESSAGE | Intents.GUILD_MESSAGES,
      logger,
      // The simulator runs with identifyWindowMs 0; pace IDENTIFYs the same way.
      identifyThrottler: new LocalIdentifyThrottler({ windowMs: 0 }),
      reconnect: { ...FAST_RECONNECT, ...reconnect },
      ...botRest,
    });
  } catch (err) {
    if (ownsPlatform) await platform.close();
    throw err;
  }
  const subs = new Subscription();
  const states: StateChange[] = [];
  const states$ = new ReplaySubject<{ change: StateChange; index: number }>();
  subs.add(bot.state$.subscribe((change) => {
    states.push(change);
    states$.next({ change, index: states.length - 1 });
  }));
  const messages: Message[] = [];
  const delivered$ = new Subject<void>();
  let settle!: { resolve: (err: unknown) => void; reject: (err: Error) => void };
  const ended = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }));
  ended.catch(() => undefined);
  let connected = false;

  const harness: Harness = {
    platform, bot, logger, states, messages, ended,
    connect() {
      if (connected) return;
      connected = true;
      subs.add(bot.messages$.subscribe({
        next: (m) => {
          messages.push(m);
          delivered$.next();
        },
        error: (err: unknown) => settle.resolve(err),
        complete: () => settle.reject(new Error("messages$ completed without an error")),
      }));
    },
    waitForState: (name, from = 0, match = () => true) =>
      waitOn(
        states$.pipe(filter((e) => e.index >= from && e.change.state === name && match(e.change)), map((e) => e.change)),
        () => `state "${name}" from index ${from} (states: ${states.map((s) => s.state).join(" → ")})`,
      ),
    waitForMessages: (count) =>
      messages.length >= count
        ? Promise.resolve(messages.slice(0, count))
        : waitOn(
          delivered$.pipe(filter(() => messages.length >= count), map(() => messages.slice(0, count))),
          () => `${count} messages (got ${messages.length})`,
        ),
    async close() {
      if (!live.delete(harness)) return;
      try {
        await bot.close();
      } finally {
        subs.unsubscribe();
        if (ownsPlatform) await platform.close();
      }
    },
  };
  live.add(harness);
  options.beforeConnect?.(platform);
  if (options.connect !== false) harness.connect();
  return harness;
}

/** Close every harness still open (use in `afterEach`). */
export async function closeHarnesses(): Promise<void> {
  // Newest first: a harness borrowing another's simulator closes its bot before that simulator goes.
  for (const h of [...live].reverse()) await h.close();
}
