/**
 * createBot({ transport: "webhook" }): the same public surface — messages$, events$, state$,
 * reply() — fed by signed callbacks from the simulator instead of the gateway socket.
 */
import { filter, firstValueFrom, map, take, toArray } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { createBot, QQBotConfigError, type Bot, type Message } from "../../src/index.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";

let platform: SimulatedPlatform | undefined;
let bot: Bot | undefined;
afterEach(async () => {
  await bot?.close();
  await platform?.close();
  bot = undefined;
  platform = undefined;
});

async function webhookBot(): Promise<{ p: SimulatedPlatform; b: Bot; url: string }> {
  const p = await startSimulatedPlatform({ identifyWindowMs: 0, webhook: { retryDelaysMs: [30, 60] } });
  platform = p;
  const b = createBot({
    appId: p.appId, clientSecret: p.clientSecret, apiBase: p.apiBase, tokenUrl: p.tokenUrl,
    transport: "webhook", webhook: { port: 0, host: "127.0.0.1", path: "/qq/callback" },
  });
  bot = b;
  return { p, b, url: "" };
}

/** The listener URL, from the `ready` state's reason. */
async function listening(b: Bot): Promise<string> {
  const ready = await firstValueFrom(b.state$.pipe(filter((s) => s.state === "ready")));
  const url = /^listening on (\S+)$/.exec(ready.reason ?? "")?.[1];
  if (!url) throw new Error(`no URL in ${ready.reason}`);
  return url;
}

describe("createBot with transport: webhook", () => {
  it("delivers messages$ with a working reply(), walks state$ idle → connecting → ready → closed, and never opens a socket", async () => {
    const { p, b } = await webhookBot();
    const states: string[] = [];
    b.state$.subscribe((s) => states.push(s.state));
    const first = new Promise<Message>((resolve) => b.messages$.subscribe(resolve)); // stays subscribed: the listener stays up
    const url = await listening(b);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/qq\/callback$/);
    p.webhook.setCallbackUrl(url);
    expect((await p.webhook.validate()).ok).toBe(true);

    const delivery = await p.webhook.pushMessage("c2c", { content: "ping over webhook" });
    expect(delivery.acked).toBe(true);
    const msg = await first;
    expect(msg).toMatchObject({ kind: "c2c", text: "ping over webhook" });
    const sent = await msg.reply("pong");
    expect(sent.id).toBeTruthy();
    expect(p.sentMessages.at(-1)).toMatchObject({ kind: "c2c", body: { content: "pong", msg_id: delivery.d.id } });

    expect(p.stats().connections).toBe(0);
    expect(p.stats().gatewayCalls).toBe(0);
    await b.close();
    expect(states).toEqual(["idle", "connecting", "ready", "closed"]);
  });

  it("strips the bot's own mention (user from /users/@me), dedupes retries and duplicates, and counts refusals", async () => {
    const { p, b } = await webhookBot();
    const texts = b.messages$.pipe(map((m) => m.text), take(2), toArray());
    const types = firstValueFrom(b.event$("GROUP_ADD_ROBOT"));
    const texts$ = firstValueFrom(texts);
    p.webhook.setCallbackUrl(await listening(b)); // ready: the bot user was looked up before listening
    expect(p.requests.filter((r) => r.path === "/users/@me").map((r) => r.status)).toEqual([200]);

    p.webhook.faults.duplicate(2);
    p.webhook.faults.badSignature("wrong-key");
    await p.webhook.pushMessage("guild", { content: `<@!${p.botUser.id}> hello guild` });
    p.webhook.faults.ignoreAck();
    await p.webhook.pushMessage("group", { content: " hello group" });
    await p.webhook.pushEvent("GROUP_ADD_ROBOT", { group_openid: "G1", op_member_openid: "M1", timestamp: 1_700_000_000 });

    expect(await texts$).toEqual(["hello guild", "hello group"]);
    expect((await types).data).toMatchObject({ group_openid: "G1" });
    const stats = b.stats();
    expect(stats.messagesIn).toBe(2);
    expect(stats.badFrames).toBe(1);
    expect(stats.duplicatesDropped).toBeGreaterThanOrEqual(2);
  });

  it("validates the webhook options with the rest", () => {
    expect(() => createBot({ appId: "1", clientSecret: "s", transport: "webhook", webhook: { port: 99_999 }, shards: 2 })).toThrow(QQBotConfigError);
    try {
      createBot({ appId: "1", clientSecret: "s", transport: "carrier-pigeon" as "webhook", webhook: { port: 99_999 }, shards: 2 });
    } catch (err) {
      expect((err as QQBotConfigError).problems.map((p) => p.field)).toEqual(["transport", "webhook.port"]);
    }
    expect(() => createBot({ appId: "1", clientSecret: "s", transport: "webhook", shards: 2 })).toThrow(/shards is gateway-only/);
  });
});

