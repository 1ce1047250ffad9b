/**
 * `qqbot-rx doctor` as a command, in a child process (`node --import tsx src/cli/qqbot-rx.ts`):
 * exit codes (0 all passed, 1 a check failed, 2 bad options), `--json` parseable with every
 * check, the human report, `--help`, and neither the secret nor the access token anywhere in
 * stdout or stderr.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { DoctorReport } from "../../src/doctor/check-result.js";
import type { SimulatedPlatform } from "../../src/testing/index.js";
import { currentToken, platform, SECRET } from "./support.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the CLI with `args` and `env` (over a clean environment without proxies). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/qqbot-rx.ts", ...args], {
      cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"],
    });
    const out = { stdout: "", stderr: "" };
    child.stdout.setEncoding("utf8").on("data", (c: string) => (out.stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (out.stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, ...out });
    });
  });
}

const at = (p: SimulatedPlatform): string[] => ["--api-base", p.apiBase, "--sandbox-api-base", p.sandboxApiBase!, "--token-url", p.tokenUrl];
const credentials = (p: SimulatedPlatform): Record<string, string> => ({ QQ_APP_ID: p.appId, QQ_CLIENT_SECRET: p.clientSecret });

describe("qqbot-rx doctor (child process)", () => {
  it("--json, everything passing: exit 0, every check in the JSON, no secret or token printed", async () => {
    const p = await platform();
    const run = await cli(["doctor", "--json", ...at(p)], credentials(p));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.checks.map((c) => `${c.check}:${c.status}`)).toEqual([
      "credentials:pass", "token:pass", "gateway:pass", "gateway-bot:pass", "identify:pass", "environment:pass", "webhook:skip",
    ]);
    expect(report.summary).toEqual({ pass: 6, fail: 0, warn: 0, skip: 1, ok: true });
    for (const c of report.checks) expect(Object.keys(c).sort()).toEqual(c.fix === undefined ? ["check", "detail", "status"] : ["check", "detail", "fix", "status"]);
    const token = await currentToken(p);
    expect(p.stats().identifies).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(run.stdout + run.stderr).not.toContain(token);
  });

  it("a failing check: exit 1, the human report with marks and the fix", async () => {
    const p = await platform();
    p.faults.refuseIp(5);
    const run = await cli(["doctor", ...at(p)], credentials(p));
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`qqbot-rx doctor: app ${p.appId}, production (${new URL(p.apiBase).host}), intents DIRECT_MESSAGE, GROUP_AND_C2C_EVENT, INTERACTION, PUBLIC_GUILD_MESSAGES`);
    expect(lines.filter((l) => /^[✔✘!-] /.test(l)).map((l) => l.slice(0, 13).trimEnd())).toEqual([
      "✔ credentials", "✔ token", "✘ gateway", "- gateway-bot", "- identify", "✘ environment", "- webhook",
    ]);
    expect(lines[lines.indexOf(lines.find((l) => l.startsWith("✘ gateway"))!) + 1]).toMatch(/^ {15}fix: add this server's public IP/);
    expect(lines.at(-1)).toBe("2 passed, 2 failed, 0 warnings, 3 skipped");
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it("a wrong secret given with --secret: exit 1, a warning about shell history, and the wrong secret never printed", async () => {
    const p = await platform();
    const wrong = "wrong-secret-on-the-command-line-91f0";
    const run = await cli(["doctor", "--secret", wrong, ...at(p)], { QQ_APP_ID: p.appId });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^! credentials {2}app id \d+; secret from --secret$/m);
    expect(run.stdout).toMatch(/^✘ token {8}POST \/app\/getAppAccessToken .*code 100016/m);
    expect(run.stdout + run.stderr).not.toContain(wrong);
  });

  it("bad options: exit 2 and what is wrong; --help: exit 0", async () => {
    const bad = await cli(["doctor", "--intents", "NOT_AN_INTENT", "--timeout-ms", "5"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--intents: unknown intent "NOT_AN_INTENT"');
    expect(bad.stderr).toContain("--timeout-ms: must be an integer from 100 to 600000");
    expect(bad.stdout).toBe("");
    const unknown = await cli(["doctor", "--nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--nope");
    const help = await cli(["doctor", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: qqbot-rx doctor \[options\]/);
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("doctor");
  }, 60_000);
});
