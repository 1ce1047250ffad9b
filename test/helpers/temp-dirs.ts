/**
 * Scratch directories for tests: each made fresh under the OS temp dir and remembered until
 * {@link removeTempDirs} (call it from `afterEach` or `afterAll`).
 *
 * @example
 * ```ts
 * afterAll(removeTempDirs);
 * const path = join(tempDir("qqbot-rx-restart-"), "state.json");
 * ```
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dirs: string[] = [];

/** A new, empty directory named `<prefix><random>` under the OS temp dir. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Remove every directory {@link tempDir} made so far (with its contents). */
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
