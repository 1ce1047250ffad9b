/**
 * What `qqbot-rx doctor` checks against: the bot's credentials, the intents it will ask for,
 * the environment (production or sandbox), the platform's addresses (overridable, so the
 * doctor can examine a simulator), an optional webhook URL, and the time each step may take.
 * One options type, one defaults object.
 */
import { PLATFORM_ENDPOINTS } from "../http/options.js";
import { Intents } from "../protocol/intents.js";

/** Where the client secret came from: the environment, or a command-line flag (shell history). */
export type SecretSource = "env" | "flag";

/** Everything the doctor needs. */
export interface DoctorOptions {
  /** The bot's AppID ("" when none was given: the credentials check fails). */
  appId: string;
  /** The bot's AppSecret ("" when none was given). Never printed. */
  clientSecret: string;
  /** Where the secret came from. */
  secretSource: SecretSource;
  /** The intents to IDENTIFY with. */
  intents: number;
  /** Check the sandbox (the environment the bot will use) instead of production. */
  sandbox: boolean;
  /** Production OpenAPI base. */
  apiBase: string;
  /** Sandbox OpenAPI base. */
  sandboxApiBase: string;
  /** The token endpoint (the same for both environments). */
  tokenUrl: string;
  /** The bot's webhook callback URL, for the op 13 validation round trip; `undefined` skips it. */
  webhookUrl: string | undefined;
  /** Limit of each step (an HTTP call, opening the socket, HELLO, READY). */
  timeoutMs: number;
  /** Proxy for every request and the WebSocket; without it `HTTPS_PROXY`/`ALL_PROXY` decide, as for the bot. */
  proxy: string | undefined;
}

/** Defaults of {@link DoctorOptions}: the library's defaults and the platform's addresses. */
export const DEFAULT_DOCTOR_OPTIONS = {
  /** @inheritDoc DoctorOptions.intents */
  intents: Intents.PUBLIC_MESSAGES,
  /** @inheritDoc DoctorOptions.sandbox */
  sandbox: false,
  /** @inheritDoc DoctorOptions.apiBase */
  apiBase: PLATFORM_ENDPOINTS.apiBase,
  /** @inheritDoc DoctorOptions.sandboxApiBase */
  sandboxApiBase: PLATFORM_ENDPOINTS.sandboxApiBase,
  /** @inheritDoc DoctorOptions.tokenUrl */
  tokenUrl: PLATFORM_ENDPOINTS.tokenUrl,
  /** @inheritDoc DoctorOptions.webhookUrl */
  webhookUrl: undefined,
  /** @inheritDoc DoctorOptions.timeoutMs */
  timeoutMs: 10_000,
  /** @inheritDoc DoctorOptions.proxy */
  proxy: undefined,
} as const satisfies Partial<DoctorOptions>;

/** The two environments. */
export type Environment = "production" | "sandbox";

/** The environment checked first (`--sandbox`), and the other one. */
export function environments(options: Pick<DoctorOptions, "sandbox">): { target: Environment; other: Environment } {
  return options.sandbox ? { target: "sandbox", other: "production" } : { target: "production", other: "sandbox" };
}

/** The OpenAPI base of `env`. */
export function apiBaseOf(options: Pick<DoctorOptions, "apiBase" | "sandboxApiBase">, env: Environment): string {
  return env === "sandbox" ? options.sandboxApiBase : options.apiBase;
}
