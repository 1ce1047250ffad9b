/**
 * The test Redis helper outside vitest: `npm run bench:cluster` starts its `redis-server` with
 * it in a plain `node --import tsx` process, where there is no vitest
 * globalSetup to ask for the binary (asking threw "Vitest failed to access its internal state").
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { redisBinary } from "../helpers/redis-server.js";

const HELPER = fileURLToPath(new URL("../helpers/redis-server.ts", import.meta.url));

describe("startRedisServer outside vitest", () => {
  it("finds redis-server by itself, starts it, answers PING, stops it", async () => {
    const script = `import { startRedisServer } from ${JSON.stringify(HELPER)};
      const r = await startRedisServer(); console.log("ready " + r.port); await r.stop(); console.log("stopped");`;
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${process.env.PATH ?? ""}:${redisBinary().replace(/\/[^/]+$/, "")}` };
    for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env, timeout: 20_000 });
    expect(stdout).toMatch(/^ready \d+\nstopped\n$/);
  }, 30_000);
});
