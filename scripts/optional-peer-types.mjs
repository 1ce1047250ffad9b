/**
 * Post-build step for the declarations: `ioredis` and `prom-client` are optional peer
 * dependencies, but the bundled `.d.ts`/`.d.cts` files import their types (RedisStore and
 * RedisIdentifyThrottler accept an ioredis client or options; `qqbot-rx/metrics` takes a
 * prom-client registry). Without this step, a consumer that does not install
 * ioredis gets "Cannot find module 'ioredis'" from `tsc` unless it sets `skipLibCheck`.
 * Each such import gets a `// @ts-ignore`: with ioredis installed the types are exact,
 * without it they degrade to `any`.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const OPTIONAL_PEERS = ["ioredis", "prom-client"];
const MARK = "// @ts-ignore optional peer dependency: its types are `any` when it is not installed";

function* declarationFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarationFiles(path);
    else if (/\.d\.c?ts$/.test(entry.name)) yield path;
  }
}

const dist = process.argv[2] ?? process.env.QQBOT_RX_OUT_DIR ?? "dist";
let marked = 0;
for (const file of declarationFiles(dist)) {
  const lines = readFileSync(file, "utf8").split("\n");
  const out = [];
  for (const [i, line] of lines.entries()) {
    const peer = OPTIONAL_PEERS.find((name) => new RegExp(`^import .* from ['"]${name}['"];?$`).test(line));
    if (peer && lines[i - 1] !== MARK) {
      out.push(MARK);
      marked++;
    }
    out.push(line);
  }
  // Any other reference (a multi-line import, `import("ioredis")`) would escape the mark: fail loudly.
  const missed = out.findIndex((line, i) => OPTIONAL_PEERS.some((name) => line.includes(`'${name}'`) || line.includes(`"${name}"`)) && out[i - 1] !== MARK && !/^\s*(\/\*|\*|\/\/)/.test(line));
  if (missed >= 0) {
    console.error(`optional-peer-types: ${file}:${missed + 1} references an optional peer in a way this script cannot mark: ${out[missed]}`);
    process.exit(1);
  }
  writeFileSync(file, out.join("\n"));
}
console.log(`optional-peer-types: marked ${marked} import(s) of ${OPTIONAL_PEERS.join(", ")} in ${dist}`);
