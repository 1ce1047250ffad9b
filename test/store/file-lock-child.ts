/**
 * Child process for the cross-process FileStore test: `n` times, under `withLock("counter")`,
 * read the counter, log `enter`/`exit` around a pause, and write counter + 1.
 * It prints `ready` and starts when a line arrives on stdin, so both children run at once.
 * Usage: node --import tsx file-lock-child.ts <store file> <log file> <n>
 */
import { once } from "node:events";
import { appendFileSync } from "node:fs";
import { FileStore } from "../../src/store/file-store.js";

const [file, log, count] = process.argv.slice(2);
if (!file || !log || !count) throw new Error("usage: file-lock-child.ts <store file> <log file> <n>");
const store = new FileStore(file, { lockRetryMs: 5 });
process.stdout.write("ready\n");
await once(process.stdin, "data");
for (let i = 0; i < Number(count); i++) {
  await store.withLock("counter", 5_000, async () => {
    appendFileSync(log, `enter ${process.pid}\n`);
    const value = Number((await store.get("counter")) ?? "0");
    for (let turn = 0; turn < 5; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
    await store.set("counter", String(value + 1));
    appendFileSync(log, `exit ${process.pid}\n`);
  });
  // A little think time between sections lets the other child in (more interleaving).
  await new Promise<void>((resolve) => setTimeout(resolve, 3));
}
process.stdin.destroy();
