/**
 * The doctor's `webhook` verdicts (`--webhook URL`): the signed op 13 round trip against real
 * loopback endpoints: qqbot-rx's own webhook handler (passes), the handler with another
 * secret (401) or another app id (403), a wrong path (404), an endpoint signing with another
 * key, one answering something else, one never answering, and no endpoint at all.
 */
import { createServer } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookSigner } from "../../src/webhook/signing.js";
import { createWebhookHandler } from "../../src/webhook/handler.js";
import { nodeWebhookListener } from "../../src/webhook/node-handler.js";
import { closeServers, listen, serve, withBody } from "../helpers/loopback-server.js";
import { diagnose, platform, SECRET } from "./support.js";

afterEach(closeServers);

/** qqbot-rx's webhook handler on a loopback server at `/qqbot/webhook`. */
async function qqbotRxEndpoint(appId: string, clientSecret: string): Promise<string> {
  const handler = createWebhookHandler({ appId, clientSecret, onDispatch: () => undefined });
  return `${await listen(createServer(nodeWebhookListener(handler, { path: "/qqbot/webhook" })))}/qqbot/webhook`;
}

describe("doctor: webhook", () => {
  it("skipped without --webhook", async () => {
    const p = await platform();
    expect((await diagnose(p)).by.webhook).toEqual({ check: "webhook", status: "skip", detail: "no --webhook URL given (a gateway bot needs none)" });
  });

  it("passes against qqbot-rx's own webhook handler: op 13 answered with a valid signature", async () => {
    const p = await platform();
    const url = await qqbotRxEndpoint(p.appId, p.clientSecret);
    const d = await diagnose(p, { webhookUrl: url });
    expect(d.by.webhook.status).toBe("pass");
    expect(d.by.webhook.detail).toMatch(/^POST \/qqbot\/webhook \(127\.0\.0\.1:\d+\): op 13 answered with a valid signature in \d+ ms \(a loopback address/);
    expect(d.summary.ok).toBe(true);
  });

  it("an endpoint with another secret refuses the signed request (401): the fix names the secret", async () => {
    const p = await platform();
    const url = await qqbotRxEndpoint(p.appId, "some-other-bot-secret");
    const d = await diagnose(p, { webhookUrl: url });
    expect(d.by.webhook.status).toBe("fail");
    expect(d.by.webhook.detail).toMatch(/answered HTTP 401 to a signed op 13/);
    expect(d.by.webhook.fix).toContain("another secret than QQ_CLIENT_SECRET");
    expect(d.summary.ok).toBe(false);
  });

  it("an endpoint for another app id (403), and a wrong path (404)", async () => {
    const p = await platform();
    const other = await qqbotRxEndpoint("102000999", p.clientSecret);
    expect((await diagnose(p, { webhookUrl: other })).by.webhook.fix).toContain(`refused X-Bot-Appid ${p.appId}`);
    const wrongPath = other.replace("/qqbot/webhook", "/webhook");
    const d = await diagnose(p, { webhookUrl: wrongPath });
    expect(d.by.webhook.detail).toMatch(/answered HTTP 404/);
    expect(d.by.webhook.fix).toContain("/qqbot/webhook");
  });

  it("an endpoint that signs with another key: the signature does not verify", async () => {
    const p = await platform();
    const wrong = createWebhookSigner("not-this-bots-secret");
    const srv = await serve(withBody((_req, res, body) => {
      const { d } = JSON.parse(body) as { d: { plain_token: string; event_ts: string } };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ plain_token: d.plain_token, signature: wrong.sign(`${d.event_ts}${d.plain_token}`) }));
    }));
    const d = await diagnose(p, { webhookUrl: `${srv.url}/cb` });
    expect(d.by.webhook).toMatchObject({ status: "fail", detail: expect.stringMatching(/echoed plain_token, but its signature does not verify with this bot's key$/) });
    expect(d.by.webhook.fix).toContain("event_ts + plain_token");
  });

  it("an endpoint that answers something else than op 13's answer", async () => {
    const p = await platform();
    const srv = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"op":12}'));
    const d = await diagnose(p, { webhookUrl: srv.url });
    expect(d.by.webhook.detail).toMatch(/answered HTTP 200 without the op 13 answer \{plain_token, signature\}: \{"op":12\}$/);
    expect(d.by.webhook.fix).toContain("webhook.mount"); // what the package offers (createWebhookHandler is internal)
    expect(d.by.webhook.fix).not.toContain("createWebhookHandler");
  });

  it("an endpoint that never answers, and no endpoint at all: no answer", async () => {
    const p = await platform();
    const silent = await serve(() => undefined);
    const hung = await diagnose(p, { webhookUrl: `${silent.url}/cb`, timeoutMs: 300 });
    expect(hung.by.webhook.detail).toMatch(/^POST \/cb \(127\.0\.0\.1:\d+\): no answer \(.*timed out after 300 ms/);
    const gone = await serve(() => undefined);
    await new Promise<void>((resolve) => gone.server.close(() => resolve()));
    const refused = await diagnose(p, { webhookUrl: `${gone.url}/cb` });
    expect(refused.by.webhook.detail).toMatch(/no answer \(.*ECONNREFUSED/);
    expect(refused.by.webhook.fix).toContain("is the bot's webhook server running");
    expect(refused.text + hung.text).not.toContain(SECRET);
  });
});
