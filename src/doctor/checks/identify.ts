/**
 * `identify`: one IDENTIFY with the intents asked for, on the URL the gateway checks found,
 * as shard 0 of the suggested count; READY proves token, gateway, intents and bot status
 * together. It costs one session start. When the platform refuses the intents (op 9, then
 * close 4014), the verdict names the intents outside the basic set (the ones that need
 * permission) and confirms with at most one more IDENTIFY using only the basic set (one more
 * session start), which tells "some intents are not granted" from "nothing is". Skipped
 * without a URL or when no session start is left.
 */
import { fail, pass, skip, type Verdict } from "../check-result.js";
import type { Check, DoctorContext } from "../context.js";
import { formatDuration } from "../duration.js";
import { identifyIn, type IdentifyOutcome } from "../identify-probe.js";
import { identifyEnding, INTENT_CLOSE_CODES, OFFLINE_CLOSE_CODE, platformCloseCode } from "../identify-verdict.js";
import { BASIC_INTENTS, listIntents, PRIVATE_DOMAIN_INTENTS } from "../intents-arg.js";
import { environments } from "../options.js";

/** The `identify` check. */
export const identify: Check = {
  name: "identify",
  run: async (ctx) => {
    const { options, facts } = ctx;
    const url = facts.gatewayBot?.url ?? facts.gatewayUrl;
    if (!facts.token) return { verdict: skip("needs an access token (see token)") };
    if (!url) return { verdict: skip("no gateway URL (see gateway and gateway-bot)") };
    const limit = facts.gatewayBot?.session_start_limit;
    if (limit?.remaining === 0) return { verdict: skip(`no session start left: an IDENTIFY would be refused until the reset in ${formatDuration(limit.reset_after)}`) };
    const { target } = environments(options);
    const shards = facts.gatewayBot?.shards ?? 1;
    const outcome = await identifyIn(ctx, url, options.intents, [0, shards]);
    const learned = { identify: outcome };
    if (outcome.kind === "ready") {
      const who = outcome.user ? `${outcome.user.username ?? "?"} (${outcome.user.id})` : "the bot";
      const shard = shards > 1 ? ` as shard 0 of ${shards}` : "";
      return { verdict: pass(`READY on the ${target} gateway as ${who}${shard} with ${listIntents(options.intents)}; closed again (1000); it used 1 session start`), learned };
    }
    const code = platformCloseCode(outcome);
    if (code !== undefined && INTENT_CLOSE_CODES.has(code)) return { verdict: await intentsRefused(ctx, url, shards, code, outcome), learned };
    const { detail, fix } = identifyEnding(outcome, target);
    const offline = code === OFFLINE_CLOSE_CODE && target === "production";
    return { verdict: fail(detail, offline ? "see environment: it tells whether the sandbox takes the bot" : fix), learned };
  },
};

/** The verdict for intents refused with `code` (4013/4014), confirmed with the basic set when that tells something. */
async function intentsRefused(ctx: DoctorContext, url: string, shards: number, code: number, outcome: IdentifyOutcome): Promise<Verdict> {
  const { options } = ctx;
  const asked = options.intents;
  const needing = asked & ~BASIC_INTENTS;
  const op9 = outcome.kind === "ended" && outcome.disconnect.cause === "invalid-session" ? "op 9, then " : "";
  const why = code === 4013 ? "invalid intent" : "intent not permitted";
  let detail = `the ${environments(options).target} gateway answered the IDENTIFY with ${op9}close ${code} (${why}): asked for ${listIntents(asked)}`;
  if (code === 4013) return fail(detail, "ask only for documented intents (Intents.* in qqbot-rx); --intents takes their names");
  detail += needing ? `; outside the basic set (${listIntents(BASIC_INTENTS)}), so needing permission: ${listIntents(needing)}` : "; all of them are in the basic set";
  const privateOnly = asked & PRIVATE_DOMAIN_INTENTS;
  if (privateOnly) detail += `; ${listIntents(privateOnly)} ${privateOnly & (privateOnly - 1) ? "are" : "is"} for private-domain bots only`;
  const left = ctx.facts.gatewayBot?.session_start_limit.remaining;
  if (needing && (left === undefined || left > 1)) {
    const basic = await identifyIn(ctx, url, BASIC_INTENTS, [0, shards]);
    const basicCode = platformCloseCode(basic);
    if (basic.kind === "ready") detail += `; an IDENTIFY with only the basic set got READY (1 more session start), so the refused ones are among ${listIntents(needing)}`;
    else if (basicCode !== undefined && INTENT_CLOSE_CODES.has(basicCode)) detail += `; even the basic set was refused (1 more session start, close ${basicCode})`;
    else detail += `; an IDENTIFY with only the basic set did not get through either (1 more session start): ${identifyEnding(basic, environments(options).target).detail}`;
  }
  const keep = asked & BASIC_INTENTS;
  const fix =
    (needing ? `request the permission for ${listIntents(needing)} in the QQ bot console, or leave ${needing & (needing - 1) ? "them" : "it"} out of intents` : "check the bot's event permissions in the QQ bot console") +
    (keep ? ` (e.g. --intents ${listIntents(keep).replaceAll(", ", ",")} to check what is left)` : "") +
    ": a bot may only ask for intents it has been granted";
  return fail(detail, fix);
}
