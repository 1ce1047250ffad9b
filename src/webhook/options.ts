/**
 * Options of the webhook transport, their defaults and validation (one place, like
 * `src/bot-options.ts`, which delegates the `webhook` field here).
 */
import { QQBotConfigError, type ConfigProblem } from "../errors.js";
import { DEFAULT_CLAIM_TIMEOUT_MS } from "../store/claims.js";
import { checkKnownKeys, checkObject, definedOnly, describe } from "../option-checks.js";
import type { WebhookRequestHandler } from "./handler.js";

/**
 * Hands the transport's request handler to an HTTP server you already run (Express, Fastify,
 * Hono, a Node `http.Server`…); returns what undoes it. Called when the bot starts, undone
 * when it stops. Use it instead of `port`/`host` to share a server.
 */
export type WebhookMount = (handler: WebhookRequestHandler) => void | (() => void | Promise<void>);

/** How the bot receives callbacks. Every field has a default in {@link DEFAULT_WEBHOOK_OPTIONS}. */
export interface WebhookOptions {
  /** Port of the built-in listener; 0 = any free port. @defaultValue 8080 */
  port: number;
  /** Address of the built-in listener. @defaultValue `"0.0.0.0"` (the platform must reach it) */
  host: string;
  /** Path the callback URL points at; other paths get 404. @defaultValue `"/qqbot/webhook"` */
  path: string;
  /** Use your own server instead of the built-in listener (`port`/`host` are then unused). */
  mount: WebhookMount | undefined;
  /** Larger bodies are refused with 413 before they are parsed. @defaultValue 1 MiB */
  maxBodyBytes: number;
  /** `X-Signature-Timestamp` further than this from now (either way) is refused. @defaultValue 5 min */
  timestampToleranceMs: number;
  /**
   * How long an event stays claimed in the store (duplicates within it are dropped). At least
   * twice `timestampToleranceMs`, so a replay inside the accepted timestamp window is dropped. @defaultValue 1 h
   */
  claimTtlMs: number;
  /**
   * Longest wait for the store's claim before the ACK; a store slower than this (or failing) is
   * skipped and the event delivered without a claim (at-least-once, counted in
   * `unclaimedDeliveries`). @defaultValue 250 ms
   */
  claimTimeoutMs: number;
  /** Built-in listener: a client must send its request headers within this (idle connections included). @defaultValue 10 s */
  headersTimeoutMs: number;
  /** Built-in listener: a client must send its whole request within this; at least `headersTimeoutMs`. @defaultValue 30 s */
  requestTimeoutMs: number;
  /** Built-in listener: an idle keep-alive connection is closed after this. @defaultValue 5 s */
  keepAliveTimeoutMs: number;
  /** Built-in listener: connections over this many are closed at once (counted in `webhookRejected`). @defaultValue 512 */
  maxConnections: number;
}

/** Defaults of {@link WebhookOptions}. */
export const DEFAULT_WEBHOOK_OPTIONS = {
  /** @inheritDoc WebhookOptions.port */
  port: 8080,
  /** @inheritDoc WebhookOptions.host */
  host: "0.0.0.0",
  /** @inheritDoc WebhookOptions.path */
  path: "/qqbot/webhook",
  /** @inheritDoc WebhookOptions.mount */
  mount: undefined,
  /** @inheritDoc WebhookOptions.maxBodyBytes */
  maxBodyBytes: 1024 * 1024,
  /** @inheritDoc WebhookOptions.timestampToleranceMs */
  timestampToleranceMs: 5 * 60_000,
  /** @inheritDoc WebhookOptions.claimTtlMs */
  claimTtlMs: 60 * 60_000,
  /** @inheritDoc WebhookOptions.claimTimeoutMs */
  claimTimeoutMs: DEFAULT_CLAIM_TIMEOUT_MS,
  /** @inheritDoc WebhookOptions.headersTimeoutMs */
  headersTimeoutMs: 10_000,
  /** @inheritDoc WebhookOptions.requestTimeoutMs */
  requestTimeoutMs: 30_000,
  /** @inheritDoc WebhookOptions.keepAliveTimeoutMs */
  keepAliveTimeoutMs: 5_000,
  /** @inheritDoc WebhookOptions.maxConnections */
  maxConnections: 512,
} as const satisfies WebhookOptions;

function integerIn(problems: ConfigProblem[], field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min}–${max}`;
    problems.push({ field, problem: `must be an integer ${range} (got ${describe(value)})` });
  }
}

/**
 * Every problem with a `webhook` option object (empty when it is valid or `undefined`).
 * `prefix` names the field in the messages (`"webhook"`).
 */
export function webhookOptionProblems(input: unknown, prefix = "webhook"): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!checkObject(problems, prefix, input)) return problems;
  const o = input;
  checkKnownKeys(problems, prefix, o, DEFAULT_WEBHOOK_OPTIONS, "a webhook option");
  if (o["port"] !== undefined) integerIn(problems, `${prefix}.port`, o["port"], 0, 65_535);
  if (o["host"] !== undefined && (typeof o["host"] !== "string" || !o["host"].trim())) {
    problems.push({ field: `${prefix}.host`, problem: `must be a non-empty string (got ${describe(o["host"])})` });
  }
  if (o["path"] !== undefined && (typeof o["path"] !== "string" || !/^\/\S*$/.test(o["path"]) || o["path"].includes("?"))) {
    problems.push({ field: `${prefix}.path`, problem: `must start with "/" and hold no spaces or query (got ${describe(o["path"])})` });
  }
  if (o["mount"] !== undefined) {
    const listenerOnly = LISTENER_ONLY.filter((key) => o[key] !== undefined);
    if (typeof o["mount"] !== "function") problems.push({ field: `${prefix}.mount`, problem: `must be a function (got ${describe(o["mount"])})` });
    else if (listenerOnly.length) {
      problems.push({ field: `${prefix}.mount`, problem: `cannot be combined with ${listenerOnly.join("/")} (they configure the built-in listener; mount uses your server)` });
    }
  }
  for (const [key, min] of MINIMUMS) if (o[key] !== undefined) integerIn(problems, `${prefix}.${key}`, o[key], min);
  crossFieldProblems(problems, o, prefix);
  return problems;
}

/** Options of the built-in listener only (meaningless with `mount`). */
const LISTENER_ONLY = ["port", "host", "headersTimeoutMs", "requestTimeoutMs", "keepAliveTimeoutMs", "maxConnections"] as const;

/** Integer options and their smallest allowed value. */
const MINIMUMS: readonly (readonly [keyof WebhookOptions, number])[] = [
  ["maxBodyBytes", 1], ["timestampToleranceMs", 1000], ["claimTtlMs", 1], ["claimTimeoutMs", 1],
  ["headersTimeoutMs", 1], ["requestTimeoutMs", 1], ["keepAliveTimeoutMs", 1], ["maxConnections", 1],
];

/** Rules between fields, checked on the effective values (given, else default) when each is valid on its own. */
function crossFieldProblems(problems: ConfigProblem[], o: Record<string, unknown>, prefix: string): void {
  const bad = new Set(problems.map((p) => p.field));
  const value = (key: keyof WebhookOptions): number | undefined =>
    bad.has(`${prefix}.${key}`) ? undefined : ((o[key] ?? DEFAULT_WEBHOOK_OPTIONS[key]) as number);
  const ttl = value("claimTtlMs");
  const tolerance = value("timestampToleranceMs");
  if (ttl !== undefined && tolerance !== undefined && ttl < 2 * tolerance) {
    problems.push({
      field: `${prefix}.claimTtlMs`,
      problem: `must be at least 2 × timestampToleranceMs (${2 * tolerance}), or a replay inside the accepted timestamp window is delivered again (got ${ttl})`,
    });
  }
  const headers = value("headersTimeoutMs");
  const request = value("requestTimeoutMs");
  if (headers !== undefined && request !== undefined && headers > request) {
    problems.push({ field: `${prefix}.headersTimeoutMs`, problem: `must not exceed requestTimeoutMs (${request}) (got ${headers})` });
  }
}

/**
 * Merge over {@link DEFAULT_WEBHOOK_OPTIONS}, or throw `QQBotConfigError` naming every bad field.
 */
export function resolveWebhookOptions(input: Partial<WebhookOptions> = {}): WebhookOptions {
  const problems = webhookOptionProblems(input);
  if (problems.length) throw new QQBotConfigError(problems);
  return { ...DEFAULT_WEBHOOK_OPTIONS, ...definedOnly(input) };
}
