/**
 * `qqbot-rx doctor`'s command line and environment → {@link DoctorOptions}, or the help, or
 * every problem with them. The credentials come from `QQ_APP_ID` / `QQ_CLIENT_SECRET`;
 * `--app-id` / `--secret` win over them (the secret on a command line lands in the shell's
 * history: the credentials check warns).
 */
import { parseArgs } from "node:util";
import { parseIntents } from "./intents-arg.js";
import { DEFAULT_DOCTOR_OPTIONS, type DoctorOptions } from "./options.js";

/** What the command line asks for. */
export type DoctorArgs =
  | { kind: "run"; options: DoctorOptions; json: boolean }
  | { kind: "help" }
  | { kind: "invalid"; problems: string[] };

/** `--help`. */
export const DOCTOR_USAGE = `Usage: qqbot-rx doctor [options]

Checks, step by step, whether a bot can connect, and says how to fix what cannot:
credentials, token, GET /gateway, GET /gateway/bot (shards, session starts left),
one IDENTIFY with the intents (1 session start; 1 more when intents are refused),
production vs sandbox, and (--webhook) the op 13 callback validation.
Exit code 0 only when no check failed; 1 when one did; 2 for bad options.

Credentials: QQ_APP_ID and QQ_CLIENT_SECRET in the environment (preferred), or:
  --app-id ID            the bot's AppID
  --secret SECRET        the AppSecret (lands in your shell history: prefer QQ_CLIENT_SECRET)
Options:
  --intents LIST         intent names (GROUP_AND_C2C_EVENT,INTERACTION) or a number;
                         default PUBLIC_MESSAGES, as createBot
  --sandbox              check the sandbox (the bot runs with sandbox: true)
  --webhook URL          also validate this callback URL (a signed op 13 round trip)
  --json                 print the report as JSON ({ checks, summary })
  --timeout-ms N         limit of each step (default ${DEFAULT_DOCTOR_OPTIONS.timeoutMs})
  --proxy URL            proxy for every call (default: HTTPS_PROXY / ALL_PROXY, as the bot)
  --api-base URL         production OpenAPI base (default ${DEFAULT_DOCTOR_OPTIONS.apiBase})
  --sandbox-api-base URL sandbox OpenAPI base (default ${DEFAULT_DOCTOR_OPTIONS.sandboxApiBase})
  --token-url URL        token endpoint (default ${DEFAULT_DOCTOR_OPTIONS.tokenUrl})
  -h, --help             this text
`;

const FLAGS = {
  "app-id": { type: "string" },
  secret: { type: "string" },
  intents: { type: "string" },
  sandbox: { type: "boolean" },
  webhook: { type: "string" },
  json: { type: "boolean" },
  "timeout-ms": { type: "string" },
  proxy: { type: "string" },
  "api-base": { type: "string" },
  "sandbox-api-base": { type: "string" },
  "token-url": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parse `argv` (after `doctor`) with `env` for the credentials. */
export function parseDoctorArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): DoctorArgs {
  let values: ReturnType<typeof parseArgs<{ options: typeof FLAGS; strict: true }>>["values"];
  try {
    ({ values } = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }));
  } catch (err) {
    return { kind: "invalid", problems: [err instanceof Error && err.message ? err.message : String(err)] };
  }
  if (values.help) return { kind: "help" };
  const problems: string[] = [];
  const url = (flag: string, value: string | undefined, fallback: string): string => {
    if (value === undefined) return fallback;
    if (!isHttpUrl(value)) problems.push(`--${flag}: ${JSON.stringify(value)} is not an http(s) URL`);
    return value;
  };
  const base = (flag: string, value: string | undefined, fallback: string): string => url(flag, value, fallback).replace(/\/+$/, "");
  let intents: number = DEFAULT_DOCTOR_OPTIONS.intents;
  if (values.intents !== undefined) {
    const parsed = parseIntents(values.intents);
    if (parsed.ok) intents = parsed.intents;
    else problems.push(`--intents: ${parsed.problem}`);
  }
  let timeoutMs: number = DEFAULT_DOCTOR_OPTIONS.timeoutMs;
  if (values["timeout-ms"] !== undefined) {
    timeoutMs = Number(values["timeout-ms"]);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) problems.push(`--timeout-ms: must be an integer from 100 to 600000, got ${JSON.stringify(values["timeout-ms"])}`);
  }
  const webhookUrl = values.webhook === undefined ? undefined : url("webhook", values.webhook, "");
  const proxy = values.proxy === undefined ? undefined : url("proxy", values.proxy, "");
  const options: DoctorOptions = {
    appId: (values["app-id"] ?? env.QQ_APP_ID ?? "").trim(),
    clientSecret: values.secret ?? env.QQ_CLIENT_SECRET ?? "",
    secretSource: values.secret !== undefined ? "flag" : "env",
    intents,
    sandbox: values.sandbox ?? DEFAULT_DOCTOR_OPTIONS.sandbox,
    apiBase: base("api-base", values["api-base"], DEFAULT_DOCTOR_OPTIONS.apiBase),
    sandboxApiBase: base("sandbox-api-base", values["sandbox-api-base"], DEFAULT_DOCTOR_OPTIONS.sandboxApiBase),
    tokenUrl: url("token-url", values["token-url"], DEFAULT_DOCTOR_OPTIONS.tokenUrl),
    webhookUrl,
    timeoutMs,
    proxy,
  };
  return problems.length ? { kind: "invalid", problems } : { kind: "run", options, json: values.json ?? false };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}
