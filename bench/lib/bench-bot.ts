/**
 * Bots and helpers the benchmarks share: a silent bot pointed at a platform, waiting for
 * states, and a raw `ws` client that does the bare minimum (the baseline).
 */
import { filter, firstValueFrom, skip, timeout } from "rxjs";
import WebSocket from "ws";
import { createBot, Intents, type Bot, type ReconnectPolicy } from "../../src/index.js";
import type { PlatformInfo } from "./remote.js";

/** A bot on `info`, silent, with `reconnect` overrides. */
export function benchBot(info: PlatformInfo, reconnect: Partial<ReconnectPolicy> = {}, extra: { dedupeMax?: number } = {}): Bot {
  return createBot({
    appId: info.appId,
    clientSecret: info.clientSecret,
    apiBase: info.apiBase,
    tokenUrl: info.tokenUrl,
    intents: Intents.PUBLIC_MESSAGES,
    reconnect,
    ...(extra.dedupeMax ? { dedupe: { max: extra.dedupeMax } } : {}),
  });
}

/** Resolve at the next `state` (or the current one when `includeCurrent`). */
export function nextState(bot: Bot, state: string, timeoutMs = 30_000, includeCurrent = false): Promise<unknown> {
  return firstValueFrom(
    bot.state$.pipe(
      skip(includeCurrent ? 0 : 1),
      filter((s) => s.state === state),
      timeout({ first: timeoutMs, with: () => Promise.reject(new Error(`no "${state}" within ${timeoutMs} ms`)) }),
    ),
  );
}

/** The baseline: `ws` + `JSON.parse`, IDENTIFY on HELLO, counting dispatches after READY. */
export class RawClient {
  private ws: WebSocket | undefined;
  private count = 0;
  private target = Infinity;
  private reached: (() => void) | undefined;

  /** Connect and wait for READY. */
  async connect(url: string): Promise<void> {
    const ws = new WebSocket(url);
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.on("error", reject);
      ws.on("message", (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as { op: number; t?: string };
        if (frame.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: "QQBot raw", intents: Intents.PUBLIC_MESSAGES, shard: [0, 1] } }));
        else if (frame.t === "READY") resolve();
        else if (frame.op === 0 && ++this.count >= this.target) this.reached?.();
      });
    });
  }

  /** Resolve once `n` more dispatches arrived. */
  expect(n: number): Promise<void> {
    this.target = this.count + n;
    return new Promise((resolve) => (this.reached = resolve));
  }

  close(): void {
    this.ws?.terminate();
  }
}
