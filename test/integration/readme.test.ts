/**
 * The README's examples run as written: the testing and OpenAPI examples are executed against
 * the real simulator (imports pointed at src/), and the quick start is type-checked by `tsc`
 * through a generated file.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

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
    const block = (await readmeBlocks()).find((b) => b.includes("startSimulatedPlatform") && b.includes("rateLimitGateway"));
    expect(block).toBeDefined();
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
