/**
 * How an IDENTIFY's outcome reads: READY, or why not (the close code's meaning, a timeout, no
 * connection) and what to do. Intent refusals (4013, 4014) and the offline bot (4914) have
 * their own checks' words; this covers everything else. Pure.
 */
import { CLIENT_CLOSE_CODE } from "../gateway/connection-ending.js";
import { closeCodeAction } from "../protocol/close-codes.js";
import type { IdentifyOutcome } from "./identify-probe.js";

/** Close codes of a refused IDENTIFY that name the intents. */
export const INTENT_CLOSE_CODES: ReadonlySet<number> = new Set([4013, 4014]);
/** Close code of an offline bot (下架): only the sandbox may be used. */
export const OFFLINE_CLOSE_CODE = 4914;

/** The close code the platform sent, when the IDENTIFY ended with one (not the client's own 4000). */
export function platformCloseCode(outcome: IdentifyOutcome | undefined): number | undefined {
  if (outcome?.kind !== "ended") return undefined;
  const code = outcome.disconnect.closeCode;
  return code === CLIENT_CLOSE_CODE && outcome.disconnect.cause === "invalid-session" ? undefined : code;
}

const FIXES: Readonly<Record<number, string>> = {
  4004: "the gateway refused the access token: point --token-url and the API base at the same platform, then run again",
  4008: "another process is IDENTIFYing right now (max_concurrency per 5 s): run again in a few seconds, and look for bots restarting in a loop",
  4010: "the shard sent is invalid: the doctor IDENTIFYs as shard 0 of the suggested count; check the bot's shards option",
  4011: "the bot is in too many guilds for one shard: set shards to the count GET /gateway/bot suggests (or shards: \"auto\")",
  4915: "the bot is banned (封禁): see the notices in the QQ bot console; no client setting fixes it",
};

/** What a failed IDENTIFY means and what to do (`env`: where it was made). */
export function identifyEnding(outcome: Exclude<IdentifyOutcome, { kind: "ready" }>, env: string): { detail: string; fix: string } {
  if (outcome.kind === "timeout") {
    return { detail: `the ${env} gateway connection did not end within ${outcome.afterMs} ms`, fix: "something between this server and the gateway holds WebSocket connections open (a proxy): check it, then run again" };
  }
  if (outcome.kind === "error") return { detail: `the IDENTIFY failed: ${outcome.message}`, fix: "an unexpected error: run again; if it persists, report it with this output" };
  const d = outcome.disconnect;
  const code = platformCloseCode(outcome);
  if (code !== undefined && (d.cause === "close" || d.cause === "invalid-session")) {
    // After op 9 the reason is the client's own words; after a plain close it is the platform's.
    const said = d.cause === "invalid-session" ? "op 9, then " : "";
    const reason = d.cause === "close" && d.reason !== `closed with code ${code}` ? ` ${JSON.stringify(d.reason)}` : "";
    const when = d.sawHello ? "answered the IDENTIFY with" : "closed the socket before HELLO with";
    const detail = `the ${env} gateway ${when} ${said}close ${code}${reason}: ${closeCodeAction(code).meaning}`;
    return { detail, fix: FIXES[code] ?? "see the close code's meaning; run again, and if it persists, quote it to the platform's support" };
  }
  if (d.cause === "invalid-session") {
    return { detail: `the ${env} gateway answered the IDENTIFY with op 9 (invalid session) and did not say why`, fix: "run again in a few seconds; if it persists, check the intents and the bot's status in the QQ bot console" };
  }
  if (d.cause === "connect-failed" || d.cause === "handshake-timeout") {
    return {
      detail: `could not open the ${env} gateway WebSocket: ${d.reason}`,
      fix: "the gateway (wss://, port 443) must be reachable from this server: check the firewall and any proxy (HTTPS_PROXY is used for the WebSocket too)",
    };
  }
  if (d.cause === "hello-timeout" || d.cause === "ready-timeout") {
    return { detail: `the ${env} gateway: ${d.reason}`, fix: "the platform or something between (a proxy) is slow or swallows frames: run again; raise --timeout-ms on a slow link" };
  }
  return { detail: `the ${env} gateway connection ended before READY: ${d.reason}`, fix: "run again; if it persists, check the network between this server and the gateway" };
}
