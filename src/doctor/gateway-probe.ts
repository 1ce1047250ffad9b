/**
 * `GET /gateway` in one environment, the call every bot makes first. The `gateway` check
 * makes it in the environment checked; the `environment` check in the other one when that
 * tells something. Never rejects: a failure comes back with its error, for the caller's words.
 */
import { firstValueFrom } from "rxjs";
import { fetchGatewayUrl } from "../http/gateway-fetch.js";
import { callLabel } from "./call-label.js";
import type { DoctorContext } from "./context.js";
import { apiBaseOf, type Environment } from "./options.js";

/** How the call went; `label` names it (`GET /gateway (env, host)`). */
export type GatewayProbe = { ok: true; url: string; label: string } | { ok: false; err: unknown; label: string };

/** `GET /gateway` in `env` with the context's token, timeout and secrets. */
export async function gatewayIn(ctx: DoctorContext, env: Environment): Promise<GatewayProbe> {
  const label = callLabel("GET", `${apiBaseOf(ctx.options, env)}/gateway`, env);
  try {
    const url = await firstValueFrom(fetchGatewayUrl({ rest: ctx.rest(env), timeoutMs: ctx.options.timeoutMs, secrets: ctx.secrets }));
    return { ok: true, url, label };
  } catch (err) {
    return { ok: false, err, label };
  }
}
