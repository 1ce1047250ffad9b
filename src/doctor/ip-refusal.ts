/**
 * The verdict for platform code 11298 ("接口访问源IP不在白名单"): this server's IP address is not
 * on the bot's IP allow list. The platform's message names no address today; when it does, the
 * verdict quotes the one it saw, otherwise it says so and how to find the public address.
 */
import { isIP } from "node:net";
import type { QQApiError } from "../errors.js";
import { parseErrorBody } from "../http/api-error.js";
import { fail, type Verdict } from "./check-result.js";

/** An IPv4 or IPv6 address named in `text`, if any. */
export function ipInMessage(text: string | undefined): string | undefined {
  if (!text) return undefined;
  for (const word of text.split(/[^0-9A-Fa-f.:]+/)) {
    const candidate = word.replace(/^[.:]+|[.:]+$/g, "");
    if (candidate.includes(".") || candidate.split(":").length > 2) {
      if (isIP(candidate) !== 0) return candidate;
    }
  }
  return undefined;
}

/** What the platform said, as `HTTP 401, code 11298 "…"`. */
export function platformSaid(err: QQApiError): string {
  const message = err.body ? parseErrorBody(err.body).message : undefined;
  const code = err.platformCode === undefined ? "" : `, code ${err.platformCode}`;
  return `HTTP ${err.status}${code}${message ? ` ${JSON.stringify(message)}` : ""}${err.traceId ? ` (trace ${err.traceId})` : ""}`;
}

/** The failed verdict for an 11298 answer to `label` (e.g. `GET /gateway (production)`). */
export function ipRefusalVerdict(label: string, err: QQApiError): Verdict {
  const said = err.body ? parseErrorBody(err.body).message : undefined;
  const seen = ipInMessage(said);
  const detail =
    `${label} answered ${platformSaid(err)}: this server's IP address is not on the bot's IP allow list; ` +
    (seen ? `the platform saw ${seen}` : "the platform did not say which address it saw");
  const find = seen
    ? ""
    : " Find the address the platform sees by asking an outside service from this server (e.g. `curl -s https://ifconfig.me`); " +
      "behind NAT or a proxy it is the NAT's or the proxy's public address.";
  const fix =
    `add ${seen ?? "this server's public IP"} to the bot's IP allow list (QQ bot console → 开发设置 → IP白名单).${find} ` +
    "The allow list applies outside the sandbox only: while testing, `sandbox: true` (doctor --sandbox) works without it.";
  return fail(detail, fix);
}
