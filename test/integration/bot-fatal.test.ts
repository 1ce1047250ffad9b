/**
 * The only ways `messages$` ends besides `close()` (PROTOCOL.md A1): a close code documented
 * as fatal, and a storm of connections that end soon after opening.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Intents } from "../../src/index.js";
import { closeHarnesses, fatalError, startHarness, within } from "../helpers/bot-harness.js";

afterEach(closeHarnesses);

describe("fatal close codes", () => {
  it.each([
    [4914, /offline|下架/],
    [4915, /banned|封禁/],
  ])("close %i ends messages$ with CLOSE_CODE_FATAL and the code's meaning", async (code, meaning) => {
    const h = await startHarness();
    await h.waitForState("ready");
    const from = h.states.length;
    h.platform.faults.closeAll(code);
    const err = await fatalError(h);
    expect(err.code).toBe("CLOSE_CODE_FATAL");
    expect(err.closeCode).toBe(code);
    expect(err.message).toContain(String(code));
    expect(err.message).toMatch(meaning);
    const fatal = await h.waitForState("fatal", from);
    expect(fatal.reason).toContain(String(code));
    // No further attempt: one connection in all.
    expect(h.platform.stats().connections).toBe(1);
    expect(h.states.slice(from).map((s) => s.state)).toEqual(["fatal"]);
  });

  it("close 4014 (an intent the bot is not permitted) ends messages$ at the first IDENTIFY", async () => {
    const h = await startHarness({
      platform: { permittedIntents: Intents.GROUP_AND_C2C_EVENT },
      bot: { intents: Intents.GROUP_AND_C2C_EVENT | Intents.GUILD_MESSAGES },
    });
    const err = await fatalError(h);
    expect(err.code).toBe("CLOSE_CODE_FATAL");
    expect(err.closeCode).toBe(4014);
    expect(err.message).toContain("4014");
    expect(err.message).toMatch(/intent not permitted/);
    await within(h.platform.waitFor("close", 1), "the platform to see the socket close");
    expect(h.platform.stats()).toMatchObject({ connections: 1, identifies: 1, closesByCode: { "4014": 1 } });
    expect(h.states.at(-1)?.state).toBe("fatal");
    expect(h.states.some((s) => s.state === "ready")).toBe(false);
  });
});

describe("the quick-disconnect storm", () => {
  it("six connections in a row that end sooner than quickDisconnectMs are fatal (QUICK_DISCONNECT_STORM)", async () => {
    const h = await startHarness({
      bot: { reconnect: { quickDisconnectMs: 2_000, maxQuickDisconnects: 6 } },
      beforeConnect: (platform) => platform.faults.closeAfterOpen(4009, 30, 10),
    });
    const err = await fatalError(h);
    expect(err.code).toBe("QUICK_DISCONNECT_STORM");
    expect(err.disconnects).toBe(6);
    expect(err.closeCode).toBe(4009);
    expect(err.message).toMatch(/6 gateway connections in a row/);
    expect(err.message).toMatch(/client secret/);
    expect(err.message).toMatch(/intents/);
    // Fatal at the sixth: no seventh connection.
    expect(h.platform.stats().connections).toBe(6);
    expect(h.bot.stats().quickDisconnects).toBe(6);
    expect(h.states.at(-1)?.state).toBe("fatal");
  });

  it("the same drops spaced beyond quickDisconnectMs are not fatal", async () => {
    const h = await startHarness({
      bot: { reconnect: { quickDisconnectMs: 100, maxQuickDisconnects: 6 } },
      beforeConnect: (platform) => platform.faults.closeAfterOpen(4009, 200, 7),
    });
    await within(h.platform.waitFor("resumed", 7), "seven RESUMEDs");
    h.platform.pushMessage("c2c", { content: "alive" });
    expect((await h.waitForMessages(1))[0]!.text).toBe("alive");
    expect(h.bot.stats().quickDisconnects).toBe(0);
    await expect(Promise.race([h.ended, Promise.resolve("running")])).resolves.toBe("running");
  });
});
