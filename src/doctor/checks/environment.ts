/**
 * `environment`: production or sandbox, which one works and what that means. Two facts of the
 * platform decide it: the IP allow list applies outside the sandbox only (11298 in production,
 * fine in the sandbox), and an offline bot (下架) may only use the sandbox (4914 in production).
 * Calls the other environment only when that tells something:
 *
 * | environment checked → | what the doctor does                       | verdict |
 * |---|---|---|
 * | production works | nothing more | pass |
 * | production refuses the IP (11298) | `GET /gateway` in the sandbox | fail: sandbox only until the IP is added |
 * | production IDENTIFY closed 4914 | `GET /gateway` + one IDENTIFY in the sandbox (1 session start) | fail: the bot is offline, sandbox only |
 * | sandbox works (`--sandbox`) | `GET /gateway` in production | pass, or warn when production refuses the IP |
 * | anything else failed | nothing | skip |
 */
import { QQAccessRefusedError, safeMessage } from "../../errors.js";
import { fail, pass, skip, warn, type Verdict } from "../check-result.js";
import type { Check, DoctorContext } from "../context.js";
import { gatewayIn } from "../gateway-probe.js";
import { identifyIn } from "../identify-probe.js";
import { identifyEnding, OFFLINE_CLOSE_CODE, platformCloseCode } from "../identify-verdict.js";
import { environments } from "../options.js";

const SANDBOX_MEANS = "the sandbox serves only the sandbox guilds and groups set up in the QQ bot console (沙箱配置)";

/** The `environment` check. */
export const environment: Check = {
  name: "environment",
  run: async (ctx) => ({ verdict: await judge(ctx) }),
};

async function judge(ctx: DoctorContext): Promise<Verdict> {
  const { facts, options } = ctx;
  const { target, other } = environments(options);
  if (!facts.token) return skip("needs an access token (see token)");
  if (facts.ipRefused) {
    if (target === "sandbox") return fail("the sandbox refused this server's IP (11298), which it does not do for the real platform", "check --sandbox-api-base: it should be the sandbox (https://sandbox.api.sgroup.qq.com)");
    const probe = await gatewayIn(ctx, "sandbox");
    if (probe.ok) {
      return fail(
        `production refuses this server's IP (11298, see gateway); the sandbox accepts it (${probe.label}): the IP allow list applies outside the sandbox only`,
        `add the IP to the allow list (see gateway) to run in production; until then \`sandbox: true\` works, but ${SANDBOX_MEANS}`,
      );
    }
    return fail(`production refuses this server's IP (11298, see gateway); the sandbox could not be reached either: ${failure(ctx, probe)}`, "add the IP to the allow list (see gateway), then run again");
  }
  const code = platformCloseCode(facts.identify);
  if (code === OFFLINE_CLOSE_CODE) {
    if (target === "sandbox") return fail("the sandbox gateway closed with 4914 (bot offline, sandbox only), which it should not", "check --sandbox-api-base: it should be the sandbox (https://sandbox.api.sgroup.qq.com)");
    return offline(ctx);
  }
  if (facts.identify?.kind !== "ready") return skip(`cannot tell: the ${target} checks failed for another reason (see above)`);
  if (target === "production") {
    return pass(`production works: this server's IP is allowed and the bot is online (the sandbox was not tried: doctor --sandbox checks it)`);
  }
  const probe = await gatewayIn(ctx, other);
  if (probe.ok) return pass(`the sandbox works; production accepts this server's IP too (${probe.label}; its IDENTIFY was not tried: run without --sandbox before going live)`);
  if (probe.err instanceof QQAccessRefusedError) {
    return warn(
      `the sandbox works; production refuses this server's IP (${probe.label} answered 11298): the IP allow list applies outside the sandbox only`,
      "add this server's public IP to the bot's IP allow list (QQ bot console → 开发设置 → IP白名单) before going live; doctor without --sandbox shows the address when the platform names it",
    );
  }
  return warn(`the sandbox works; production could not be checked: ${failure(ctx, probe)}`, "run the doctor without --sandbox before going live");
}

/** The production IDENTIFY closed with 4914: does the sandbox take the bot? One `/gateway` call and one IDENTIFY there. */
async function offline(ctx: DoctorContext): Promise<Verdict> {
  const { options } = ctx;
  const probe = await gatewayIn(ctx, "sandbox");
  if (!probe.ok) return fail(`the bot is offline in production (4914, see identify); the sandbox could not be reached to confirm: ${failure(ctx, probe)}`, "list the bot again in the QQ bot console (上架), or fix the sandbox's reachability and run again");
  const outcome = await identifyIn(ctx, probe.url, options.intents, [0, 1]);
  if (outcome.kind !== "ready") {
    return fail(`the bot is offline in production (4914, see identify), and the sandbox refused it too: ${identifyEnding(outcome, "sandbox").detail}`, "see the bot's status in the QQ bot console");
  }
  return fail(
    "the production gateway closed with 4914: the bot is offline (下架); the sandbox gateway accepted an IDENTIFY (1 more session start): only the sandbox works",
    `to use production, get the bot listed again (上架: submit it for review in the QQ bot console); until then \`sandbox: true\` works, but ${SANDBOX_MEANS}`,
  );
}

/** What went wrong with a failed `GET /gateway`: the call, then the error without secrets. */
function failure(ctx: DoctorContext, probe: { err: unknown; label: string }): string {
  return `${probe.label}: ${safeMessage(probe.err, ctx.secrets())}`;
}
