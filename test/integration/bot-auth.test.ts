/**
 * Credentials over real HTTP: a wrong client secret is a clear, typed, fatal error; the
 * secret and the access token never reach a log line or an error message.
 */
import { inspect } from "node:util";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { QQAuthError, safeMessage } from "../../src/index.js";
import { closeHarnesses, fatalError, startHarness } from "../helpers/bot-harness.js";

afterEach(closeHarnesses);

const WRONG_SECRET = "wrong-secret-9f8e7d6c5b4a3210";

/** Every text an error exposes: message, stack, causes, own fields. */
function everyText(err: unknown): string {
  return [safeMessage(err), inspect(err, { depth: 6, showHidden: false }), JSON.stringify(err)].join("\n");
}

describe("credentials", () => {
  it("a wrong client secret ends messages$ with AUTH_FAILED (cause QQAuthError), never echoing the secret", async () => {
    const h = await startHarness({ bot: { clientSecret: WRONG_SECRET } });
    const fatal = await fatalError(h);
    expect(fatal.code).toBe("AUTH_FAILED");
    expect(fatal.cause).toBeInstanceOf(QQAuthError);
    expect((fatal.cause as QQAuthError).status).toBe(400);
    expect((fatal.cause as QQAuthError).platformCode).toBe(100016);
    expect(fatal.message).toMatch(/client secret/);
    expect(fatal.message).toMatch(/app id/);

    const state = await h.waitForState("fatal");
    expect(h.states.at(-1)).toBe(state);
    // Refused credentials are not retried, and nothing past the token endpoint was called.
    expect(h.platform.stats()).toMatchObject({ tokenCalls: 1, gatewayCalls: 0, connections: 0 });

    expect(everyText(fatal)).not.toContain(WRONG_SECRET);
    expect(JSON.stringify(h.states)).not.toContain(WRONG_SECRET);
    expect(h.logger.entries.map((e) => [e.level, e.msg])).toEqual([
      ["warn", "access token fetch failed"],
      ["error", "gateway gave up"],
      ["error", "gateway stopped"],
    ]);
    expect(h.logger.text()).not.toContain(WRONG_SECRET);
  });

  it("neither the client secret nor the access token appears in any log line, through reconnects and bad frames", async () => {
    const h = await startHarness();
    await h.waitForState("ready");
    // The platform hands out the same token until its last minute: this is the bot's token.
    const res = await request(h.platform.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ appId: h.platform.appId, clientSecret: h.platform.clientSecret }),
    });
    const { access_token: token } = (await res.body.json()) as { access_token: string };
    expect(token.length).toBeGreaterThanOrEqual(16);

    // Make the bot log a lot: a token refresh (4004), a resume, bad frames, a message.
    let from = h.states.length;
    h.platform.faults.closeAll(4004);
    await h.waitForState("ready", from);
    from = h.states.length;
    h.platform.faults.closeAll(4009);
    await h.waitForState("ready", from);
    h.platform.faults.sendMalformed("non-json");
    h.platform.faults.sendMalformed("wrong-types");
    h.platform.pushMessage("c2c", { content: "hello" });
    await h.waitForMessages(1);

    expect(h.platform.stats().tokenCalls).toBeGreaterThanOrEqual(3); // ours + the first + the 4004 refresh
    expect(h.bot.stats().tokenFetches).toBe(2);
    const text = h.logger.text();
    expect(h.logger.entries.filter((e) => e.level === "debug").length).toBeGreaterThan(5);
    expect(text).not.toContain(token);
    expect(text).not.toContain(h.platform.clientSecret);
    expect(JSON.stringify(h.states)).not.toContain(token);
  });
});
