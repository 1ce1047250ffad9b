/**
 * The REST policy's options (`rest` in `createBot`): how long `bot.api` and `bot.request` wait
 * before retrying a rate-limited call, and a call that failed on the network or with a 5xx
 * (idempotent methods only). One defaults object, with its validation.
 */
import { checkDelays, checkKnownKeys, checkObject, type Problems } from "../option-checks.js";

/** Retry waits of `bot.api` and `bot.request`. */
export interface RestOptions {
  /** Waits before each retry of a rate-limited call (429, 22009, 20028, 100001 …); `[]` retries none. */
  rateLimitRetryDelaysMs: readonly number[];
  /** Waits before each retry of a GET/PUT/DELETE that got no answer or a 5xx; `[]` retries none. */
  transientRetryDelaysMs: readonly number[];
}

/** Defaults of {@link RestOptions}. */
export const DEFAULT_REST_OPTIONS = {
  /** @inheritDoc RestOptions.rateLimitRetryDelaysMs */
  rateLimitRetryDelaysMs: [1000, 2000, 5000],
  /** @inheritDoc RestOptions.transientRetryDelaysMs */
  transientRetryDelaysMs: [500, 1500, 3000],
} as const satisfies RestOptions;

/** Every problem with a `rest` option object (empty when valid or `undefined`). */
export function restProblems(input: unknown, prefix = "rest"): Problems {
  const problems: Problems = [];
  if (!checkObject(problems, prefix, input)) return problems;
  checkKnownKeys(problems, prefix, input, DEFAULT_REST_OPTIONS, "a rest option");
  for (const key of Object.keys(DEFAULT_REST_OPTIONS) as (keyof RestOptions)[]) {
    if (input[key] !== undefined) checkDelays(problems, `${prefix}.${key}`, input[key], true);
  }
  return problems;
}
