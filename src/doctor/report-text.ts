/**
 * The doctor's report for people: a header naming what was checked, one line per check with
 * its mark (✔ pass, ✘ fail, ! warn, - skip) and what was found, the fix under it, and a
 * closing line with the counts.
 *
 * ```
 * qqbot-rx doctor: app 102000001, production (api.sgroup.qq.com), intents DIRECT_MESSAGE, …
 * ✔ credentials  app id 102000001; secret from QQ_CLIENT_SECRET
 * ✘ gateway      GET /gateway (production, api.sgroup.qq.com) answered HTTP 401, code 11298 …
 *                fix: add this server's public IP to the bot's IP allow list …
 * 5 passed, 1 failed, 0 warnings, 1 skipped
 * ```
 */
import { hostOf } from "./call-label.js";
import type { CheckStatus, DoctorReport } from "./check-result.js";
import { listIntents } from "./intents-arg.js";
import { apiBaseOf, environments, type DoctorOptions } from "./options.js";

const MARKS: Readonly<Record<CheckStatus, string>> = { pass: "✔", fail: "✘", warn: "!", skip: "-" };

/** The header line: which app, which environment, which intents. */
export function describeTarget(options: DoctorOptions): string {
  const { target } = environments(options);
  const app = options.appId ? `app ${options.appId}` : "no app id";
  return `qqbot-rx doctor: ${app}, ${target} (${hostOf(apiBaseOf(options, target))}), intents ${listIntents(options.intents)}`;
}

/** The whole report as text, ending with a newline. */
export function formatReport(report: DoctorReport, header: string): string {
  const width = Math.max(...report.checks.map((c) => c.check.length));
  const indent = " ".repeat(width + 4);
  const lines = [header];
  for (const c of report.checks) {
    lines.push(`${MARKS[c.status]} ${c.check.padEnd(width)}  ${c.detail}`);
    if (c.fix && c.status !== "pass") lines.push(`${indent}fix: ${c.fix}`);
  }
  const { pass, fail, warn, skip } = report.summary;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  lines.push(`${pass} passed, ${fail} failed, ${plural(warn, "warning")}, ${skip} skipped`);
  return `${lines.join("\n")}\n`;
}
