/**
 * The examples run as written, started the way a user starts them (`tsx`, no credentials → the
 * in-process simulator): `examples/echo-bot.ts` echoes every chat kind and the images and on
 * SIGINT closes cleanly (`closeOnSignal` with `exit: false`: exit code 0, no handle left open);
 * `examples/metrics-server.ts` serves `/metrics`, `/healthz` and `/readyz` and exits 0 on SIGTERM;
 * the webhook bot and the moderation bot (`bot.api`: recall, mute, pin, react) run their demo and
 * exit 0 by themselves.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Start an example with tsx and without credentials; collects its output. */
function runExample(file: string, args: string[] = []) {
  const env = { ...process.env };
  delete env["QQ_APP_ID"];
  delete env["QQ_CLIENT_SECRET"];
  const child = spawn(process.execPath, ["--import", "tsx", file, ...args], { cwd: ROOT, env });
  children.push(child);
  const out = { stdout: "", stderr: "" };
  let waiters: Array<() => void> = [];
  const wake = () => {
    const pending = waiters;
    waiters = [];
    for (const w of pending) w();
  };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out.stdout += chunk;
    wake();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    out.stderr += chunk;
    wake();
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  /** Resolve once stdout satisfies `test`; reject if the child exits first or the time is up. */
  const until = (test: (stdout: string) => boolean, what: string, ms = 60_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`)), ms);
      const check = () => {
        if (test(out.stdout)) {
          clearTimeout(timer);
          resolve();
        } else if (child.exitCode !== null || child.signalCode !== null) {
          clearTimeout(timer);
          reject(new Error(`example exited (${child.exitCode ?? child.signalCode}) before ${what}\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`));
        } else {
          waiters.push(check);
        }
      };
      void exited.then(() => wake());
      check();
    });
  return { child, out, exited, until };
}

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern.source, "g"))?.length ?? 0;

describe("examples/echo-bot.ts", () => {
  it("echoes every chat kind and images on the simulator, then shuts down cleanly on SIGINT", async () => {
    const run = runExample("examples/echo-bot.ts");
    await run.until((s) => count(s, /replied to /) + count(s, /reply to .* failed/) >= 6, "six replies");

    const stdout = run.out.stdout;
    expect(stdout).toMatch(/using the simulated QQ platform at http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/state ready/);
    for (const kind of ["c2c", "group", "guild", "direct"]) {
      expect(stdout).toMatch(new RegExp(`\\n\\S+ ${kind} message \\S+ from \\S+: "hello from`));
      expect(stdout).toMatch(new RegExp(`replied to ${kind} message \\S+ \\(1 part`));
    }
    expect(count(stdout, /replied to (c2c|group) message \S+ with the image/)).toBe(2);
    expect(stdout).not.toMatch(/failed/);

    const sigintAt = Date.now();
    run.child.kill("SIGINT");
    const [code, signal] = await run.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - sigintAt).toBeLessThan(15_000);
    expect(run.out.stdout).toMatch(/SIGINT: closing/);
    expect(run.out.stdout).toMatch(/closed: 6 messages in, 6 sent, 0 send errors/);
    expect(run.out.stderr).toBe("");
  });
});

describe("examples/webhook-bot.ts", () => {
  it("validates its callback URL, answers each webhook message once (forged, duplicated, lost ACK), and exits 0 by itself", async () => {
    const run = runExample("examples/webhook-bot.ts");
    const [code, signal] = await run.exited;
    const stdout = run.out.stdout;
    expect({ code, signal, stderr: run.out.stderr }).toEqual({ code: 0, signal: null, stderr: "" });
    expect(stdout).toMatch(/using the simulated QQ platform at http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/state ready \(listening on http:\/\/127\.0\.0\.1:\d+\/qqbot\/webhook\)/);
    expect(stdout).toMatch(/callback URL validation \(op 13\) passed/);
    expect(stdout).toMatch(/forged then genuine → HTTP 401, 200/);
    expect(stdout).toMatch(/duplicated → 3 POSTs, all ACKed: true/);
    expect(stdout).toMatch(/lost ACK → 2 POSTs/);
    expect(count(stdout, /replied \(id /)).toBe(4);
    expect(stdout).not.toMatch(/failed|fatal/);
    expect(stdout).toMatch(/closed: 4 messages in, 4 sent, 1 refused, 3 duplicates dropped/);
  }, 60_000);
});

describe("examples/metrics-server.ts", () => {
  it("serves Prometheus metrics and the probes for a bot on the simulator, then exits 0 on SIGTERM", async () => {
    const run = runExample("examples/metrics-server.ts", ["--port", "0"]);
    await run.until((s) => /simulator: pushed a message/.test(s) && /health ready[\s\S]*health ready/.test(s), "the demo message and reconnect");
    const base = /serving (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(run.out.stdout)?.[1];
    expect(base).toBeDefined();

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(text).toContain('qqbot_rx_identifies_total{app_id="102000001"} 1');
    expect(text).toContain('qqbot_rx_resumes_total{app_id="102000001"} 1');
    expect(text).toContain('qqbot_rx_shard_state{app_id="102000001",shard="0",state="ready"} 1');
    expect(text).toContain('qqbot_rx_reconnect_recovery_seconds_count{app_id="102000001",shard="0"} 1');
    expect(text).toContain('qqbot_rx_send_duration_seconds_count{app_id="102000001",target="c2c",outcome="ok"} 1');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", shards: [{ shard: 0, state: "ready" }] });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);

    run.child.kill("SIGTERM");
    const [code, signal] = await run.exited;
    expect({ code, signal, stderr: run.out.stderr }).toEqual({ code: 0, signal: null, stderr: "" });
    expect(run.out.stdout).toMatch(/SIGTERM: closing/);
    expect(run.out.stdout).toMatch(/health closed/);
  }, 60_000);
});

describe("examples/moderation-bot.ts", () => {
  it("recalls spam and mutes its author, pins /pin, reacts to the rest, checks the simulator, and exits 0 by itself", async () => {
    const run = runExample("examples/moderation-bot.ts");
    const [code, signal] = await run.exited;
    const stdout = run.out.stdout;
    expect({ code, signal, stderr: run.out.stderr }).toEqual({ code: 0, signal: null, stderr: "" });
    expect(stdout).toMatch(/using the simulated QQ platform at http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/moderating as qqbot-rx 模拟机器人 \(\d+\)/);
    expect(stdout).toMatch(/reacted 👍 to message \S+/);
    expect(stdout).toMatch(/recalled spam message \S+ from \d+ and muted them for 600 s/);
    expect(stdout).toMatch(/pinned message (\S+) \(1 pinned in the channel\)/);
    expect(stdout).toMatch(/simulator check: spam gone true, spammer muted true, pinned \[(\S+)\] \(the \/pin is \1\), reactions true/);
    expect(stdout).not.toMatch(/failed|fatal/);
    expect(stdout).toMatch(/closed: 3 messages in/);
  }, 60_000);
});
