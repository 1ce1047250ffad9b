/**
 * The simulated sandbox (option `sandbox`): a second port serving the OpenAPI and the gateway,
 * sharing tokens and sessions with production, where the IP allow list does not apply; and an
 * offline bot (option `botOffline`) that only the sandbox gateway accepts (4914 in production).
 * Driven with plain undici and `ws`, never the client library.
 */
import { describe, expect, it } from "vitest";
import { Intents } from "../../src/protocol/intents.js";
import { platformFixture } from "./platform-fixture.js";
import { http } from "./support.js";

const { start, open } = platformFixture();

describe("option sandbox", () => {
  it("is off by default: no sandbox base", async () => {
    const { p } = await start({});
    expect(p.sandboxApiBase).toBeUndefined();
    expect(p.sandboxGatewayUrl).toBeUndefined();
  });

  it("serves the sandbox on its own port, with its own gateway URL, accepting production's tokens", async () => {
    const { p, token } = await start({ sandbox: true });
    expect(p.sandboxApiBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(p.sandboxApiBase).not.toBe(p.apiBase);
    const sandbox = await http(p.sandboxApiBase!, "GET", "/gateway/bot", { token });
    expect(sandbox.status).toBe(200);
    expect(sandbox.json.url).toBe(p.sandboxGatewayUrl);
    expect((await http(p.apiBase, "GET", "/gateway", { token })).json.url).toBe(p.gatewayUrl);
    expect(p.requests.filter((r) => r.path.startsWith("/gateway")).map((r) => [r.path, r.sandbox])).toEqual([
      ["/gateway/bot", true],
      ["/gateway", false],
    ]);
    const ws = await open(p.sandboxGatewayUrl!);
    const ready = await ws.identify(token, Intents.BASIC);
    expect(ready.t).toBe("READY");
  });

  it("refuseIp refuses production calls only (the allow list applies outside the sandbox)", async () => {
    const { p, token } = await start({ sandbox: true });
    p.faults.refuseIp(1);
    expect((await http(p.sandboxApiBase!, "GET", "/gateway", { token })).status).toBe(200);
    const refused = await http(p.apiBase, "GET", "/gateway", { token });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ code: 11298 });
    expect((await http(p.apiBase, "GET", "/gateway", { token })).status).toBe(200);
  });

  it("closes both ports on close()", async () => {
    const { p } = await start({ sandbox: true });
    const base = p.sandboxApiBase!;
    await p.close();
    await expect(http(base, "GET", "/gateway")).rejects.toThrow();
  });
});

describe("option botOffline", () => {
  it("production answers IDENTIFY with op 9 and close 4914; the sandbox accepts it", async () => {
    const { p, token } = await start({ sandbox: true, botOffline: true });
    const prod = await open(p.gatewayUrl);
    await prod.next(); // HELLO
    prod.send({ op: 2, d: { token: `QQBot ${token}`, intents: Intents.BASIC, shard: [0, 1] } });
    expect(await prod.next()).toMatchObject({ op: 9, d: false });
    expect((await prod.closed).code).toBe(4914);
    const sandbox = await open(p.sandboxGatewayUrl!);
    expect((await sandbox.identify(token, Intents.BASIC)).t).toBe("READY");
    expect(p.stats().sessionsCreated).toBe(1);
  });
});
