/**
 * The README's examples run as written: the testing and OpenAPI examples are executed against
 * the real simulator (imports pointed at src/), the quick start is type-checked by `tsc` through
 * examples/quick-start.ts, and the "Operating it" snippets (metrics, probes, graceful restart,
 * Redis cluster) are type-checked by `tsc` as written (they connect to the real platform;
 * examples/metrics-server.ts runs the same calls against the simulator in examples.test.ts).
 * The doctor's command lines run against the simulator (the webhook URL replaced by a local
 * qqbot-rx endpoint), and its sample report is what the doctor prints for a server whose IP
 * the platform refuses (hosts and trace id aside).
 */
import { execFile, spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import { createWebhookHandler } from "../../src/webhook/handler.js";
import { nodeWebhookListener } from "../../src/webhook/node-handler.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");

async function readmeBlocks(): Promise<string[]> {
  const text = await readFile(join(root, "README.md"), "utf8");
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

const pointAtSources = (code: string): string =>
  code
    .replaceAll('"qqbot-rx/testing"', JSON.stringify(join(root, "src/testing/index.ts")))
    .replaceAll('"qqbot-rx"', JSON.stringify(join(root, "src/index.ts")));

describe("README", () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("starts with the two commands: demo and tests", async () => {
    const text = await readFile(join(root, "README.md"), "utf8");
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(text)?.[1]?.trim().split("\n") ?? [];
    expect(firstBlock).toHaveLength(2);
    expect(firstBlock[0]).toMatch(/^npm ci && npm start\b/);
    expect(firstBlock[1]).toMatch(/^npm ci && npm test\b/);
  });

  it("the testing example runs as written against the simulator", async () => {
    const blocks = (await readmeBlocks()).filter((b) => b.includes("startSimulatedPlatform") && b.includes("rateLimitGateway"));
    expect(blocks).toHaveLength(1);
    const block = blocks[0];
    // Inside the repository, so that the example resolves rxjs from node_modules.
    dir = await mkdtemp(join(root, ".readme-example-"));
    const file = join(dir, "example.mts");
    await writeFile(file, pointAtSources(block!));
    const { stdout } = await run(process.execPath, ["--import", "tsx", file], { cwd: root, timeout: 30_000 });
    expect(stdout).toContain("content: 'hi!'");
    expect(stdout).toMatch(/msg_seq: 1/);
    expect(stdout.trim().split("\n").at(-1)).toBe("1"); // one /gateway call
  });

  it("the OpenAPI example runs as written: recall, mute, paging, a typed error, bot.request", async () => {
    const block = (await readmeBlocks()).find((b) => b.includes("bot.api.") && b.includes("startSimulatedPlatform"));
    expect(block).toBeDefined();
    dir ??= await mkdtemp(join(root, ".readme-example-"));
    const file = join(dir, "api-example.mts");
    await writeFile(file, pointAtSources(block!));
    const { stdout } = await run(process.execPath, ["--import", "tsx", file], { cwd: root, timeout: 30_000 });
    expect(stdout.trim().split("\n")).toEqual(["33 members", "NOT_FOUND 50039", "I am qqbot-rx 模拟机器人"]);
  });
});

describe("README OpenAPI example", () => {
  it("is examples/openapi-tour.ts verbatim, which the type check covers", async () => {
    const block = (await readmeBlocks()).find((b) => b.includes("bot.api.") && b.includes("startSimulatedPlatform"));
    const example = await readFile(join(root, "examples/openapi-tour.ts"), "utf8");
    expect(example.split("\n").slice(1).join("\n")).toBe(block);
  });
});

describe("README quick start", () => {
  it("is examples/quick-start.ts verbatim, which the type check covers", async () => {
    const [quickStart] = await readmeBlocks();
    const example = await readFile(join(root, "examples/quick-start.ts"), "utf8");
    expect(example.split("\n").slice(1).join("\n")).toBe(quickStart);
  });
});

describe("README operating section", () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("its TypeScript snippets type-check as written", async () => {
    const text = await readFile(join(root, "README.md"), "utf8");
    const start = text.indexOf("\n## Operating it\n");
    expect(start).toBeGreaterThan(0);
    const section = text.slice(start, text.indexOf("\n## ", start + 1));
    const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(4);
    // Inside the repository: the tsconfig paths map qqbot-rx and qqbot-rx/metrics to src/.
    dir = await mkdtemp(join(root, ".readme-ops-"));
    await Promise.all(blocks.map((code, i) => writeFile(join(dir!, `snippet-${i}.ts`), code)));
    await writeFile(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", compilerOptions: { noEmit: true }, include: ["*.ts"] }));
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const result = await run(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { cwd: root, timeout: 120_000 }).then(
      () => ({ exit: 0, stdout: "" }),
      (err: { code?: unknown; signal?: unknown; stdout?: string }) => ({ exit: err.code ?? err.signal ?? "failed", stdout: err.stdout ?? "" }),
    );
    expect(result).toEqual({ exit: 0, stdout: "" });
  }, 150_000);
});

describe("README doctor section", () => {
  const section = async (): Promise<string> => {
    const text = await readFile(join(root, "README.md"), "utf8");
    const start = text.indexOf("\n### Checking a setup: `npx qqbot-rx doctor`\n");
    expect(start).toBeGreaterThan(0);
    return text.slice(start, text.indexOf("\n### ", start + 1));
  };

  /** `npx qqbot-rx doctor …` run from the sources against `p`; resolves with the exit code and the output. */
  const doctor = (args: string[], p: SimulatedPlatform): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolvePromise, reject) => {
      const flags = ["--api-base", p.apiBase, "--sandbox-api-base", p.sandboxApiBase ?? "", "--token-url", p.tokenUrl];
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/qqbot-rx.ts", "doctor", ...args, ...flags], {
        cwd: root, env: { PATH: process.env.PATH ?? "", QQ_APP_ID: p.appId, QQ_CLIENT_SECRET: p.clientSecret }, stdio: ["ignore", "pipe", "pipe"],
      });
      const out = { stdout: "", stderr: "" };
      child.stdout.setEncoding("utf8").on("data", (c: string) => (out.stdout += c));
      child.stderr.setEncoding("utf8").on("data", (c: string) => (out.stderr += c));
      child.on("error", reject);
      child.on("close", (code) => resolvePromise({ code, ...out }));
    });

  /** Hosts, WebSocket URLs and trace ids differ between the platform and a simulator. */
  const normalize = (text: string): string =>
    text
      .replace(/(?:127\.0\.0\.1:\d+|(?:sandbox\.)?api\.sgroup\.qq\.com|bots\.qq\.com)/g, "<host>")
      .replace(/wss?:\/\/<host>\/websocket\/?/g, "<ws>")
      .replace(/\(trace [0-9a-f]+\)/g, "(trace …)");

  it("each command line runs against the simulator and exits 0 (--json prints the report)", async () => {
    const lines = /```sh\n([\s\S]*?)```/.exec(await section())?.[1]?.trim().split("\n") ?? [];
    expect(lines).toHaveLength(3);
    const p = await startSimulatedPlatform({ sandbox: true, identifyWindowMs: 0 });
    const handler = createWebhookHandler({ appId: p.appId, clientSecret: p.clientSecret, onDispatch: () => undefined });
    const endpoint = createServer(nodeWebhookListener(handler, { path: "/qqbot/webhook" }));
    await new Promise<void>((ready) => endpoint.listen(0, "127.0.0.1", ready));
    const local = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
    try {
      for (const line of lines) {
        const command = line.replace(/\s+#.*$/, "").trim().split(/\s+/);
        expect(command.slice(0, 3)).toEqual(["npx", "qqbot-rx", "doctor"]);
        const args = command.slice(3).map((a) => a.replace("https://bot.example.com", local));
        const run = await doctor(args, p);
        expect(run, line).toMatchObject({ code: 0, stderr: "" });
        if (args.includes("--json")) expect((JSON.parse(run.stdout) as { summary: { ok: boolean } }).summary.ok).toBe(true);
        if (args.includes("--webhook")) expect(run.stdout).toMatch(/^✔ webhook {6}POST \/qqbot\/webhook /m);
      }
    } finally {
      await new Promise((closed) => endpoint.close(closed));
      await p.close();
    }
  }, 60_000);

  it("the sample report is what the doctor prints when production refuses the server's IP", async () => {
    const sample = /```text\n([\s\S]*?)```/.exec(await section())?.[1] ?? "";
    expect(sample).toContain("✘ gateway");
    const p = await startSimulatedPlatform({ sandbox: true, identifyWindowMs: 0 });
    try {
      p.faults.refuseIp(10);
      const run = await doctor([], p);
      expect(run.code).toBe(1);
      expect(normalize(run.stdout)).toBe(normalize(sample));
    } finally {
      await p.close();
    }
  }, 60_000);
});

