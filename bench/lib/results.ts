/** Where benchmark and soak results go: `bench/results/<name>-<date>.json` and `<name>-latest.json`. */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

/** The machine a result was measured on. */
export function machine(): Record<string, unknown> {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    node: process.version,
    os: `${platform()} ${release()}`,
    totalMemGB: Math.round(totalmem() / 1e8) / 10,
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Write `data` (plus the machine and a timestamp); returns the dated file's path. */
export function writeResult(name: string, data: Record<string, unknown>): string {
  const dir = fileURLToPath(new URL("../results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const at = new Date().toISOString();
  const body = `${JSON.stringify({ name, at, machine: machine(), ...data }, null, 2)}\n`;
  const file = `${dir}${name}-${at.replace(/[:.]/g, "-")}.json`;
  writeFileSync(file, body);
  writeFileSync(`${dir}${name}-latest.json`, body);
  return file;
}
