import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import { fetchToken, http, WsClient } from "./support.js";

let platform: SimulatedPlatform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

describe("malformed requests", () => {
  it("answers non-JSON and empty bodies to JSON endpoints with 400 and a platform error body", async () => {
    platform = await startSimulatedPlatform();
    const p = platform;
    const token = await fetchToken(p);
    const path = `/v2/users/${p.scene.userOpenid}/messages`;
    const garbage = await http(p.apiBase, "POST", path, { token, raw: "{not json", headers: { "content-type": "application/json" } });
    expect(garbage.status).toBe(400);
    expect(garbage.json).toMatchObject({ code: 40034006, err_code: 40034006, trace_id: garbage.headers["x-tps-trace-id"] });
    const empty = await http(p.apiBase, "POST", path, { token, raw: "" });
    expect(empty.status).toBe(400);
    expect(empty.json.code).toBe(40034006);
    const array = await http(p.apiBase, "POST", path, { token, body: [1, 2] });
    expect(array.status).toBe(400);
    expect(array.json.code).toBe(40034005);
    const last = p.requests.at(-3);
    expect(last?.body).toBe("{not json"); // raw text recorded when not JSON
    // the platform still works afterwards
    expect((await http(p.apiBase, "GET", "/gateway", { token })).status).toBe(200);
  });

  it("answers bodies over 1 MiB with 413", async () => {
    platform = await startSimulatedPlatform();
    const p = platform;
    const token = await fetchToken(p);
    const big = JSON.stringify({ content: "x".repeat(1024 * 1024 + 10), msg_type: 0 });
    const res = await http(p.apiBase, "POST", `/v2/users/${p.scene.userOpenid}/messages`, {
      token,
      raw: big,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect(res.json.code).toBe(40034007);
    expect(p.requests.at(-1)?.body).toMatch(/^<\d+ bytes omitted>$/);
  });

  it("closes 1009 when a client frame exceeds 1 MiB", async () => {
    platform = await startSimulatedPlatform();
    const ws = await WsClient.open(platform.gatewayUrl);
    ws.send("x".repeat(1024 * 1024 + 1));
    expect((await ws.closed).code).toBe(1009);
  });
});

describe("close()", () => {
  it("closes every socket and the server, rejects pending waiters", async () => {
    const p = await startSimulatedPlatform();
    platform = p;
    const token = await fetchToken(p);
    const ws = await WsClient.open(p.gatewayUrl);
    await ws.identify(token, 1);
    const waiter = p.waitFor("identify", 99);
    await p.close();
    await p.close(); // idempotent
    expect(p.httpServer.listening).toBe(false);
    expect((await ws.closed).code).toBe(1006);
    await expect(waiter).rejects.toThrow(/closed before 99 "identify"/);
    await expect(p.waitFor("ready")).rejects.toThrow(/closed/);
    expect(p.stats().openConnections).toBe(0);
  });

  it("leaves no handle: a process that used it exits on its own after close()", async () => {
    const fixture = fileURLToPath(new URL("./fixtures/close-and-exit.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", fixture], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
    clearTimeout(killer);
    expect({ code, signal, err: err.slice(0, 500) }).toEqual({ code: 0, signal: null, err: "" });
    expect(out).toContain("closed listening=false");
  });
});
