/**
 * Test helpers that drive the simulated platform with plain `ws` and undici — never the
 * client library — so the simulator is checked against the protocol, not against qqbot-rx.
 */
import { request } from "undici";
import WebSocket from "ws";
import type { GatewayPayload } from "../../src/protocol/payloads.js";
import type { SimulatedPlatform } from "../../src/testing/index.js";

/** A clock the test moves by hand. */
export function manualClock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** One HTTP answer. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the simulator answered
  json: any;
}

/** Call the platform's REST API. */
export async function http(
  base: string,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  opts: { token?: string; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `QQBot ${opts.token}`;
  let body: string | Buffer | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await request(`${base}${path}`, { method, headers, body });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

/** Fetch an access token with the platform's credentials. */
export async function fetchToken(p: SimulatedPlatform): Promise<string> {
  const res = await http(p.apiBase, "POST", "/app/getAppAccessToken", { body: { appId: p.appId, clientSecret: p.clientSecret } });
  if (res.status !== 200 || typeof res.json?.access_token !== "string") throw new Error(`token fetch failed: ${res.status} ${res.text}`);
  return res.json.access_token as string;
}

/** A received frame: parsed JSON when possible, and the raw data. */
export interface Received {
  frame: GatewayPayload | undefined;
  raw: string | Buffer;
  binary: boolean;
}

/** A bare WebSocket client that keeps every frame and lets the test await the next ones. */
export class WsClient {
  readonly received: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private wake: (() => void) | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data, binary) => {
      const raw = binary ? Buffer.from(data as Buffer) : (data as Buffer).toString("utf8");
      let frame: GatewayPayload | undefined;
      try {
        frame = binary ? undefined : (JSON.parse(raw as string) as GatewayPayload);
      } catch {
        frame = undefined;
      }
      this.received.push({ frame, raw, binary });
      this.wake?.();
    });
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => {
      resolve({ code, reason: reason.toString() });
      this.wake?.();
    }));
  }

  /** Open a socket to `url`; resolves once open. */
  static open(url: string): Promise<WsClient> {
    const ws = new WebSocket(url, { maxPayload: 8 * 1024 * 1024 });
    const client = new WsClient(ws);
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(client));
      ws.once("error", reject);
    });
  }

  /** The next unread frame (parsed or not); rejects if the socket closes first. */
  async nextRaw(): Promise<Received> {
    for (;;) {
      const item = this.received[this.cursor];
      if (item) {
        this.cursor += 1;
        return item;
      }
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error("socket closed before the next frame");
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** The next unread JSON frame. */
  async next(): Promise<GatewayPayload> {
    const item = await this.nextRaw();
    if (!item.frame) throw new Error(`expected a JSON frame, got ${item.binary ? "binary" : String(item.raw).slice(0, 80)}`);
    return item.frame;
  }

  /** Send a JSON frame (or raw text). */
  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** HELLO, IDENTIFY, READY: returns the READY frame. */
  async identify(token: string, intents: number, shard: [number, number] = [0, 1]): Promise<GatewayPayload> {
    const hello = await this.next();
    if (hello.op !== 10) throw new Error(`expected HELLO, got op ${hello.op}`);
    this.send({ op: 2, d: { token: `QQBot ${token}`, intents, shard } });
    return this.next();
  }

  /** Close from the client side and wait for the end. */
  async close(code = 1000): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code);
    await this.closed;
  }
}
