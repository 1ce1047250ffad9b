/**
 * Build of the published package: ESM (`.js`) and CommonJS (`.cjs`) for both entry points,
 * each with its own declarations (`.d.ts` / `.d.cts`) and source maps. Dependencies and
 * peer dependencies (rxjs, ws, undici, ioredis, prom-client, …) stay external: tsup leaves every
 * package listed in package.json out of the bundle, so `ioredis` is still loaded lazily by
 * `import("ioredis")` in src/store/redis-client.ts, and `prom-client` is imported only by the
 * `qqbot-rx/metrics` entry.
 *
 * A second build makes the `qqbot-rx` command (`npx qqbot-rx doctor`): dist/cli/qqbot-rx.js.
 */
import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

const outDir = process.env.QQBOT_RX_OUT_DIR ?? "dist";
// src/http/rest-client.ts reads the version from package.json when run from source; the
// built files get it as a literal, so no path relative to dist/ is needed.
const define = { __QQBOT_RX_VERSION__: JSON.stringify(pkg.version) };

export default defineConfig([
  {
    entry: { index: "src/index.ts", "testing/index": "src/testing/index.ts", "metrics/index": "src/metrics/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    // QQBOT_RX_OUT_DIR lets the packed-tarball test build into a temporary folder, so it never
    // races another build of dist/.
    outDir,
    // The two builds run at once: this one leaves the command's folder to the other.
    clean: ["!cli/**"],
    target: "node20",
    platform: "node",
    // Each entry is self-contained (the simulator shares only the protocol/ tables with the
    // client), so no shared chunk files.
    splitting: false,
    removeNodeProtocol: false,
    tsconfig: "tsconfig.build.json",
    define,
  },
  {
    // The `qqbot-rx` command (package.json "bin"): one executable ESM file, `#!/usr/bin/env node`
    // first (tsup then marks it executable), no declarations.
    entry: { "qqbot-rx": "src/cli/qqbot-rx.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: false,
    outDir: `${outDir}/cli`,
    clean: true,
    target: "node20",
    platform: "node",
    splitting: false,
    removeNodeProtocol: false,
    tsconfig: "tsconfig.build.json",
    banner: { js: "#!/usr/bin/env node" },
    define,
  },
]);
