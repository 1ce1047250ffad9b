/**
 * The published artifact, tested the way users get it: `npm run build` + `npm pack`, then
 * the tarball installed into a fresh ESM project and a fresh CommonJS project (without the
 * optional `ioredis`). In each, `tsc` type-checks and compiles a consumer (test/package/fixtures/
 * consumer.ts; strict, no skipLibCheck) and node runs it: simulator from `qqbot-rx/testing`,
 * bot from `qqbot-rx`, one message in, one reply out, `bot.api` calls (a guild, paged members,
 * a mute, a typed error), exit 0. And the `qqbot-rx` command: `npx qqbot-rx doctor --json` from the
 * installed package against a simulated platform, exit 0, every check reported.
 *
 * The build goes to a temporary folder (QQBOT_RX_OUT_DIR, read by tsup.config.ts) and is
 * packed from there, so it never races another build of dist/.
 */
import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulatedPlatform } from "../../src/testing/index.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const SETUP_TIMEOUT_MS = 240_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command to completion (killed after `timeoutMs`); never rejects for a non-zero exit. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 180_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out = { stdout: "", stderr: "" };
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out.stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (out.stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, ...out });
    });
  });
}

/** Throws with the command's output unless it exited 0. */
function ok(what: string, result: Run): Run {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  return result;
}

let work = "";
let tarball = "";
const projects = { esm: "", cjs: "" };

/** A consumer project: package.json of the given type, a strict tsconfig, the consumer source. */
async function createProject(name: "esm" | "cjs"): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir);
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: `qqbot-rx-${name}-consumer`, private: true, type: name === "esm" ? "module" : "commonjs" }),
  );
  const resolution = name === "esm" ? "nodenext" : "node16";
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: resolution,
        moduleResolution: resolution,
        strict: true,
        types: ["node"],
        outDir: "out",
      },
      files: ["consumer.ts"],
    }),
  );
  await copyFile(join(ROOT, "test/package/fixtures/consumer.ts"), join(dir, "consumer.ts"));
  ok(
    `npm install in the ${name} project`,
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock", tarball, "@types/node@20"], dir),
  );
  return dir;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "qqbot-rx-pack-"));
  const stage = join(work, "package");
  await mkdir(stage);
  for (const file of ["package.json", "README.md", "CHANGELOG.md"]) await copyFile(join(ROOT, file), join(stage, file));
  ok("npm run build", await run("npm", ["run", "build"], ROOT, { ...process.env, QQBOT_RX_OUT_DIR: join(stage, "dist") }));
  const packed = ok("npm pack", await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], stage));
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error(`npm pack printed no result: ${packed.stdout}`);
  tarball = join(work, info.filename);
  [projects.esm, projects.cjs] = await Promise.all([createProject("esm"), createProject("cjs")]);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Type-check + compile the consumer with the repository's tsc, run it, parse its JSON line. */
async function typecheckAndRun(dir: string): Promise<Record<string, unknown>> {
  ok("tsc", await run(process.execPath, [TSC, "-p", "tsconfig.json"], dir));
  const result = ok("node out/consumer.js", await run(process.execPath, ["out/consumer.js"], dir, process.env, 60_000));
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as Record<string, unknown>;
}

describe("the packed tarball", () => {
  it("holds the ESM and CommonJS builds with their declarations, and nothing from src/ or test/", async () => {
    const list = ok("tar", await run("tar", ["-tzf", tarball], work)).stdout.trim().split("\n").sort();
    for (const entry of ["index", "testing/index", "metrics/index"]) {
      for (const ext of [".js", ".cjs", ".d.ts", ".d.cts", ".js.map", ".cjs.map"]) expect(list).toContain(`package/dist/${entry}${ext}`);
    }
    expect(list).toEqual(expect.arrayContaining(["package/package.json", "package/README.md", "package/CHANGELOG.md", "package/dist/cli/qqbot-rx.js"]));
    expect(list.filter((f) => !f.startsWith("package/dist/") && !/^package\/(package\.json|README\.md|CHANGELOG\.md|LICENSE)$/.test(f))).toEqual([]);
    // The installed copy has no ioredis or prom-client next to it: they are optional peers, and
    // only `qqbot-rx/metrics` imports prom-client.
    const installed = await readdir(join(projects.esm, "node_modules"));
    expect(installed).not.toContain("ioredis");
    expect(installed).not.toContain("prom-client");
    const dist = join(projects.esm, "node_modules/qqbot-rx/dist");
    for (const file of ["index.js", "index.cjs", "testing/index.js", "testing/index.cjs"]) expect(await readFile(join(dist, file), "utf8")).not.toContain("prom-client");
    expect(await readFile(join(dist, "metrics/index.js"), "utf8")).toContain('from "prom-client"');
  });

  it.each(["esm", "cjs"] as const)("works from a %s project: tsc (strict, no skipLibCheck) passes, a bot answers and calls bot.api on the simulator", async (name) => {
    const out = await typecheckAndRun(projects[name]);
    expect(out).toMatchObject({
      format: name,
      text: "hello from the tarball",
      replied: true,
      sentBodies: [expect.objectContaining({ content: "echo: hello from the tarball" })],
      userAgent: expect.stringMatching(/^qqbot-rx\/\d+\.\d+\.\d+/),
      redisError: expect.stringContaining("npm install ioredis"),
      api: { guildName: "模拟频道", members: 33, muted: true, errorCode: "NOT_FOUND" },
    });
    if (name === "cjs") expect(out["resolved"]).toMatch(/node_modules[\\/]qqbot-rx[\\/]dist[\\/]index\.cjs$/);
  }, 120_000);

  it("runs `npx qqbot-rx doctor --json` from the installed package against a simulated platform: exit 0, no secret printed", async () => {
    const bin = await readFile(join(projects.esm, "node_modules/qqbot-rx/dist/cli/qqbot-rx.js"), "utf8");
    expect(bin.startsWith("#!/usr/bin/env node\n")).toBe(true);
    const platform = await startSimulatedPlatform({ sandbox: true, identifyWindowMs: 0, clientSecret: "pack-test-doctor-secret-6a1d" });
    try {
      const env = { ...process.env, QQ_APP_ID: platform.appId, QQ_CLIENT_SECRET: platform.clientSecret };
      const flags = ["--api-base", platform.apiBase, "--sandbox-api-base", platform.sandboxApiBase ?? "", "--token-url", platform.tokenUrl];
      const result = await run("npx", ["--no", "qqbot-rx", "doctor", "--json", ...flags], projects.esm, env, 60_000);
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as { checks: Array<{ check: string; status: string }>; summary: { ok: boolean } };
      expect(report.checks.map((c) => `${c.check}:${c.status}`)).toEqual([
        "credentials:pass", "token:pass", "gateway:pass", "gateway-bot:pass", "identify:pass", "environment:pass", "webhook:skip",
      ]);
      expect(report.summary.ok).toBe(true);
      expect(platform.stats().identifies).toBe(1);
      expect(result.stdout + result.stderr).not.toContain(platform.clientSecret);
      const version = ok("npx qqbot-rx --version", await run("npx", ["--no", "--", "qqbot-rx", "--version"], projects.esm));
      expect(version.stdout.trim()).toMatch(/^qqbot-rx \d+\.\d+\.\d+$/);
    } finally {
      await platform.close();
    }
  }, 120_000);
});
