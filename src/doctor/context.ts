/**
 * What every check gets: the options, the injected I/O (HTTP client, scheduler, socket
 * factory, randomness), the facts earlier checks found, and a REST client per environment.
 * A check is a function of this context; it reads facts and hands back new ones, so each check
 * can be run alone with fakes.
 */
import type { Agent } from "node:http";
import type { SchedulerLike } from "rxjs";
import type { SocketFactory } from "../gateway/socket.js";
import type { HttpClient, RestClient } from "../http/types.js";
import type { GatewayBotResponse } from "../protocol/payloads.js";
import type { CheckName, Verdict } from "./check-result.js";
import type { IdentifyOutcome } from "./identify-probe.js";
import type { DoctorOptions, Environment } from "./options.js";

/** The doctor's I/O, injected (tests pass their own). */
export interface DoctorIo {
  /** Every HTTP call: the token endpoint, the OpenAPI, the webhook. */
  http: HttpClient;
  /** Every timer and the current time (the webhook's `event_ts`). */
  scheduler: SchedulerLike;
  /** Opens the gateway WebSocket. @defaultValue `new WebSocket(url, options)` (ws) */
  socketFactory?: SocketFactory | undefined;
  /** HTTP(S) agent of the WebSocket upgrade (a proxy). */
  wsAgent?: Agent | undefined;
  /** `bytes` random bytes as hex (the op 13 `plain_token`). */
  randomHex: (bytes: number) => string;
}

/** What earlier checks found, for the later ones. */
export interface DoctorFacts {
  /** The access token (never printed). */
  token?: string | undefined;
  /** `/gateway`'s URL in the environment checked. */
  gatewayUrl?: string | undefined;
  /** `/gateway/bot`'s answer in the environment checked. */
  gatewayBot?: GatewayBotResponse | undefined;
  /** The environment checked refused this server's IP (11298). */
  ipRefused?: boolean | undefined;
  /** How the IDENTIFY in the environment checked ended. */
  identify?: IdentifyOutcome | undefined;
}

/** What a check runs with. */
export interface DoctorContext {
  readonly options: DoctorOptions;
  readonly io: DoctorIo;
  /** Facts found so far. */
  readonly facts: Readonly<DoctorFacts>;
  /** An OpenAPI client for `env` that uses the token found (one attempt per call, no retries). */
  rest(env: Environment): RestClient;
  /** The strings never to show: the secret and the token. */
  secrets(): readonly string[];
}

/** What a check hands back: its verdict, and facts for the checks after it. */
export interface CheckOutcome {
  verdict: Verdict;
  learned?: Partial<DoctorFacts>;
}

/** One check. */
export interface Check {
  readonly name: CheckName;
  run(ctx: DoctorContext): Promise<CheckOutcome>;
}
