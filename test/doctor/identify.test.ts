/**
 * The doctor's `identify` and `environment` verdicts against the simulated platform: READY
 * (and a polite close), intents refused (op 9 + 4014; the ones needing permission named, the
 * basic set confirmed with one more IDENTIFY), an offline bot (4914: only the sandbox works),
 * `--sandbox`, and connections that end otherwise (a fatal close code, no HELLO, a refused upgrade).
 */
import { describe, expect, it } from "vitest";
import { Intents } from "../../src/protocol/intents.js";
import { diagnose, platform, statuses } from "./support.js";

describe("doctor: everything passes", () => {
  it("one token call, one /gateway, one /gateway/bot, one IDENTIFY closed with 1000; exit code 0", async () => {
    const p = await platform();
    const d = await diagnose(p);
    expect(statuses(d)).toEqual([
      "credentials:pass", "token:pass", "gateway:pass", "gateway-bot:pass", "identify:pass", "environment:pass", "webhook:skip",
    ]);
    expect(d.summary).toEqual({ pass: 6, fail: 0, warn: 0, skip: 1, ok: true });
    expect(d.by.identify.detail).toBe(
      "READY on the production gateway as qqbot-rx 模拟机器人 (11586990140073229091) with DIRECT_MESSAGE, GROUP_AND_C2C_EVENT, INTERACTION, PUBLIC_GUILD_MESSAGES; closed again (1000); it used 1 session start",
    );
    expect(d.by.environment.detail).toMatch(/^production works/);
    await p.waitFor("close", 1);
    const s = p.stats();
    expect([s.tokenCalls, s.gatewayCalls, s.gatewayBotCalls, s.identifies, s.connections]).toEqual([1, 1, 1, 1, 1]);
    expect(s.closesByCode).toEqual({ "1000": 1 }); // closed politely, not dropped (1006)
    expect(p.requests.every((r) => !r.sandbox)).toBe(true); // the sandbox is not called when production works
  });
});

describe("doctor: intents refused (op 9, then close 4014)", () => {
  it("names the intents needing permission and confirms with the basic set (one more IDENTIFY)", async () => {
    const p = await platform({ permittedIntents: Intents.BASIC });
    const d = await diagnose(p);
    expect(d.by.identify.status).toBe("fail");
    expect(d.by.identify.detail).toBe(
      "the production gateway answered the IDENTIFY with op 9, then close 4014 (intent not permitted): asked for DIRECT_MESSAGE, GROUP_AND_C2C_EVENT, INTERACTION, PUBLIC_GUILD_MESSAGES; " +
        "outside the basic set (GUILDS, GUILD_MEMBERS, PUBLIC_GUILD_MESSAGES), so needing permission: DIRECT_MESSAGE, GROUP_AND_C2C_EVENT, INTERACTION; " +
        "an IDENTIFY with only the basic set got READY (1 more session start), so the refused ones are among DIRECT_MESSAGE, GROUP_AND_C2C_EVENT, INTERACTION",
    );
    expect(d.by.identify.fix).toBe(
      "request the permission for DIRECT_MESSAGE, GROUP_AND_C2C_EVENT, INTERACTION in the QQ bot console, or leave them out of intents " +
        "(e.g. --intents PUBLIC_GUILD_MESSAGES to check what is left): a bot may only ask for intents it has been granted",
    );
    expect(d.by.environment).toMatchObject({ status: "skip" });
    expect(p.stats().identifies).toBe(2);
    expect(p.sessions().map((s) => s.intents)).toEqual([Intents.BASIC]);
  });

  it("even the basic set refused: says so", async () => {
    const p = await platform({ permittedIntents: Intents.GUILDS });
    const d = await diagnose(p);
    expect(d.by.identify.detail).toMatch(/; even the basic set was refused \(1 more session start, close 4014\)$/);
    expect(p.stats().identifies).toBe(2);
  });

  it("no second IDENTIFY when every intent asked for is basic; private-domain intents are named", async () => {
    const p = await platform({ permittedIntents: Intents.GUILDS });
    const basic = await diagnose(p, { intents: Intents.BASIC });
    expect(basic.by.identify.detail).toMatch(/; all of them are in the basic set$/);
    expect(p.stats().identifies).toBe(1);
    const own = await diagnose(p, { intents: Intents.GUILD_MESSAGES });
    expect(own.by.identify.detail).toContain("; GUILD_MESSAGES is for private-domain bots only");
  });

  it("no confirming IDENTIFY when only one session start is left", async () => {
    const p = await platform({ permittedIntents: Intents.BASIC, sessionStartLimit: { total: 1000, remaining: 1, resetAfterMs: 60_000 } });
    const d = await diagnose(p);
    expect(d.by.identify.detail).toMatch(/so needing permission: DIRECT_MESSAGE, GROUP_AND_C2C_EVENT, INTERACTION$/);
    expect(p.stats().identifies).toBe(1);
  });
});

describe("doctor: production or sandbox", () => {
  it("an offline bot (4914 in production): the sandbox takes it, so only the sandbox works", async () => {
    const p = await platform({ botOffline: true });
    const d = await diagnose(p);
    expect(d.by.identify.status).toBe("fail");
    expect(d.by.identify.detail).toBe(
      "the production gateway answered the IDENTIFY with op 9, then close 4914: bot is offline (下架): only the sandbox environment may be used",
    );
    expect(d.by.environment.status).toBe("fail");
    expect(d.by.environment.detail).toBe(
      "the production gateway closed with 4914: the bot is offline (下架); the sandbox gateway accepted an IDENTIFY (1 more session start): only the sandbox works",
    );
    expect(d.by.environment.fix).toContain("上架");
    expect(p.stats().identifies).toBe(2);
    expect(p.stats().sessionsCreated).toBe(1);
    expect(p.requests.filter((r) => r.sandbox).map((r) => r.path)).toEqual(["/gateway"]);
  });

  it("--sandbox: the sandbox is checked, production's IP acceptance too", async () => {
    const p = await platform();
    const d = await diagnose(p, { sandbox: true });
    expect(statuses(d).slice(0, 6).every((s) => s.endsWith(":pass"))).toBe(true);
    expect(d.by.gateway.detail).toMatch(/^GET \/gateway \(sandbox, /);
    expect(d.by.environment.detail).toMatch(/^the sandbox works; production accepts this server's IP too/);
    expect(p.requests.filter((r) => r.path.startsWith("/gateway")).map((r) => `${r.path}:${r.sandbox}`)).toEqual([
      "/gateway:true", "/gateway/bot:true", "/gateway:false",
    ]);
  });

  it("--sandbox, production refusing the IP: a warning to add it before going live", async () => {
    const p = await platform();
    p.faults.refuseIp(1);
    const d = await diagnose(p, { sandbox: true });
    expect(d.by.environment.status).toBe("warn");
    expect(d.by.environment.detail).toMatch(/^the sandbox works; production refuses this server's IP/);
    expect(d.by.environment.fix).toContain("before going live");
    expect(d.summary.ok).toBe(true);
  });
});

describe("doctor: connections that end otherwise", () => {
  it("a fatal close code: its meaning and fix (4915, banned)", async () => {
    const p = await platform();
    p.faults.skipReady(); // IDENTIFY accepted, no READY: the close below answers it
    p.faults.closeAfterOpen(4915, 300);
    const d = await diagnose(p);
    expect(d.by.identify.status).toBe("fail");
    expect(d.by.identify.detail).toMatch(/^the production gateway answered the IDENTIFY with close 4915 "closed by the simulator \(closeAfterOpen\)": bot is banned/);
    expect(d.by.identify.fix).toContain("banned (封禁)");
  });

  it("a close before HELLO says so", async () => {
    const p = await platform();
    p.faults.skipHello();
    p.faults.closeAfterOpen(4915, 50);
    const d = await diagnose(p);
    expect(d.by.identify.detail).toMatch(/^the production gateway closed the socket before HELLO with close 4915 /);
  });

  it("no HELLO within the limit", async () => {
    const p = await platform();
    p.faults.skipHello();
    const d = await diagnose(p, { timeoutMs: 300 });
    expect(d.by.identify.detail).toBe("the production gateway: no HELLO within 300 ms of opening");
  });

  it("the WebSocket upgrade refused", async () => {
    const p = await platform();
    p.faults.failUpgrade("non-101");
    const d = await diagnose(p);
    expect(d.by.identify.detail).toMatch(/^could not open the production gateway WebSocket: .*503/);
    expect(d.by.identify.fix).toContain("firewall");
  });
});
