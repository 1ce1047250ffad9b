/**
 * Secrets check: a bot runs through a scenario with many faults (token refreshes, token
 * endpoint failures, internal-error closes, malformed frames, failed upgrades with broken
 * `/gateway` answers, zombies, refused sends, finally refused credentials). Every log line
 * (all levels, fully inspected), every state reason and every error (message, fields,
 * cause chain) is captured; the client secret and every access token the platform issued
 * (read off the wire by a proxy in front of the token endpoint) must appear 0 times.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { filter, firstValueFrom, ReplaySubject, skip, throwError, timeout } from "rxjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot, Intents, LocalIdentifyThrottler, type Bot, type Message } from "../../src/index.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import { SOAK_RECONNECT } from "../../bench/soak/engine.js";

const captured: string[] = [];
const issuedTokens: string[] = [];
let platform: SimulatedPlatform;
let proxy: Server;
let bot: Bot;

const capture = (what: string, value: unknown): void => {
  captured.push(`${what}: ${typeof value === "string" ? value : inspect(value, { depth: 10, showHidden: false })}`);
  if (value instanceof Error) captured.push(`${what} (json): ${JSON.stringify({ ...value, message: value.message })}`);
};

/** Forwards every request to the platform and writes down each `access_token` it hands out. */
async function startTokenProxy(target: string): Promise<Server> {
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await fetch(`${target}${req.url ?? "/"}`, {
      method: req.method ?? "GET",
      headers: { "content-type": String(req.headers["content-type"] ?? "application/json") },
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    const text = await upstream.text();
    try {
      const token = (JSON.parse(text) as { access_token?: unknown }).access_token;
      if (typeof token === "string" && !issuedTokens.includes(token)) issuedTokens.push(token);
    } catch {
      // not JSON: a token failure fault
    }
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "text/plain" }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

const next = (state: "ready" | "fatal", ms = 15_000): Promise<unknown> =>
  firstValueFrom(bot.state$.pipe(skip(1), filter((s) => s.state === state), timeout(ms)));

beforeAll(async () => {
  // 60 s tokens: every fetch is inside the renewal window, so every refresh mints a new token.
  platform = await startSimulatedPlatform({ identifyWindowMs: 0, heartbeatIntervalMs: 200, heartbeatTimeoutMs: 5000, tokenLifetimeSec: 60 });
  proxy = await startTokenProxy(platform.apiBase);
  const record = (level: string) => (obj: object | string, msg?: string) => capture(`log ${level}`, `${inspect(obj, { depth: 10 })} ${msg ?? ""}`);
  bot = createBot({
    appId: platform.appId, clientSecret: platform.clientSecret, apiBase: platform.apiBase,
    tokenUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/app/getAppAccessToken`,
    intents: Intents.PUBLIC_MESSAGES, reconnect: SOAK_RECONNECT, identifyThrottler: new LocalIdentifyThrottler({ windowMs: 20 }),
    logger: { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") },
  });
  bot.state$.subscribe((s) => capture("state", `${s.state} ${s.reason ?? ""}`));
  bot.health$.subscribe((h) => capture("health", JSON.stringify(h)));
  bot.sends$.subscribe((r) => capture("send", JSON.stringify(r)));
  const inbox = new ReplaySubject<Message>();
  const failed = new Promise<void>((resolve) => bot.messages$.subscribe({ next: (m) => inbox.next(m), error: (err: unknown) => {
    capture("messages$ error", err);
    resolve();
  } }));
  await next("ready");

  // Sends: one that works, then refused ones (reply cap, proactive send).
  platform.pushMessage("c2c", { content: "hello" });
  const msg = await firstValueFrom(inbox.pipe(timeout({ first: 15_000, with: () => throwError(() => new Error("no message within 15 s")) })));
  for (let i = 0; i < 6; i++) await msg.reply(`reply ${i}`).catch((err: unknown) => capture("reply error", err));
  await bot.send({ kind: "c2c", openid: "nobody-openid" }, "proactive").catch((err: unknown) => capture("send error", err));

  const fault = async (inject: () => void, until: "ready" = "ready"): Promise<void> => {
    const ready = next(until);
    inject();
    await ready;
  };
  for (let i = 0; i < 3; i++) await fault(() => platform.faults.closeAll(4004)); // token refresh
  await fault(() => platform.faults.closeAll(4903)); // internal error: identify + refresh
  await fault(() => {
    platform.faults.tokenFailure("500");
    platform.faults.closeAll(4004);
  });
  await fault(() => {
    platform.faults.tokenFailure("bad-json");
    platform.faults.closeAll(4004);
  });
  // A platform that echoes the token back (in fields the bot quotes when it drops a dispatch, in a bad frame).
  const current = issuedTokens[issuedTokens.length - 1]!;
  platform.pushEvent("C2C_MESSAGE_CREATE", { id: "leak-1", content: "x", timestamp: current, author: { user_openid: "u" } });
  platform.pushEvent("C2C_MESSAGE_CREATE", { id: "", content: `QQBot ${current}`, timestamp: "2025-01-01T00:00:00+08:00", author: {} });
  platform.pushEvent("GROUP_AT_MESSAGE_CREATE", { id: "leak-2", content: 7, note: current });
  for (const kind of ["non-json", "wrong-types", "unknown-op", "binary", "oversized", "dispatch-no-seq"] as const) platform.faults.sendMalformed(kind);
  await fault(() => {
    platform.faults.failUpgrade("non-101");
    platform.faults.gatewayResponse("html");
    platform.faults.closeAll(4009);
  });
  await fault(() => {
    platform.faults.failUpgrade("refuse");
    platform.faults.rateLimitGateway(1);
    platform.faults.closeAll(4009);
  });
  await fault(() => {
    platform.faults.failUpgrade("refuse");
    platform.faults.gatewayResponse("500");
    platform.faults.closeAll(4009);
  });
  await fault(() => platform.faults.stopHeartbeatAcks());
  platform.faults.resumeHeartbeatAcks();
  // Finally the platform refuses the credentials: a fatal AUTH_FAILED with its message.
  platform.faults.tokenFailure("wrong-code", 10);
  platform.faults.closeAll(4004);
  await failed;
  capture("stats", bot.stats());
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await platform?.close();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
});

describe("secrets never leak into logs or errors", () => {
  it("captured a scenario worth checking: many tokens issued, many lines, the fatal error", () => {
    expect(issuedTokens.length).toBeGreaterThanOrEqual(6);
    expect(captured.length).toBeGreaterThan(50);
    const all = captured.join("\n");
    expect(all).toMatch(/AUTH_FAILED/);
    expect(captured.filter((l) => l.startsWith("health:")).at(-1)).toMatch(/"status":"fatal".*"error":\{"code":"AUTH_FAILED"/);
    expect(captured.some((l) => l.startsWith("send:") && l.includes('"ok":false'))).toBe(true);
    expect(all).toMatch(/bad gateway frame/);
    expect(all).toMatch(/reply error/);
  });

  it("the client secret appears 0 times", () => {
    const hits = captured.filter((line) => line.includes(platform.clientSecret));
    expect(hits, hits.slice(0, 3).join("\n")).toEqual([]);
  });

  it("no issued access token appears, in whole or as a 12-character piece", () => {
    for (const token of issuedTokens) {
      const pieces = [token, token.slice(0, 12), token.slice(-12)];
      const hits = captured.filter((line) => pieces.some((p) => line.includes(p)));
      expect(hits, `token …${token.slice(-4)}: ${hits.slice(0, 3).join("\n")}`).toEqual([]);
    }
  });
});
