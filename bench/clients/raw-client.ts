/**
 * The baseline: `ws` + `JSON.parse`, nothing else. IDENTIFY on HELLO (RESUME once it has a
 * session), a heartbeat every `heartbeat_interval`, each dispatch handed to the sink. With
 * `reconnect`, a closed socket is reopened at once on the same URL and the session resumed
 * (op 7: it closes the socket itself first): the floor of what recovery can cost.
 *
 * @example
 * ```ts
 * const raw = new RawClient(info, (seq, id, content) => tally(seq), { reconnect: true });
 * await raw.start();
 * ```
 */
import WebSocket from "ws";
import { Intents } from "../../src/index.js";
import type { PlatformInfo } from "../lib/remote.js";
import type { BenchClient, MessageSink } from "./types.js";

interface Frame {
  op: number;
  s?: number;
  t?: string;
  // biome-ignore lint/suspicious/noExplicitAny: the baseline reads `d` unchecked, like the simplest client would
  d?: any;
}

/** The raw `ws` client. */
export class RawClient implements BenchClient {
  private ws: WebSocket | undefined;
  private url: string | undefined;
  private token: string | undefined;
  private session: { id: string; seq: number } | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private stopped = false;
  private onReady: (() => void) | undefined;

  constructor(
    private readonly info: PlatformInfo,
    private readonly sink: MessageSink,
    private readonly options: { reconnect?: boolean } = {},
  ) {}

  async start(): Promise<void> {
    const tokenRes = await fetch(this.info.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ appId: this.info.appId, clientSecret: this.info.clientSecret }),
    });
    this.token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const gwRes = await fetch(`${this.info.apiBase}/gateway`, { headers: { authorization: `QQBot ${this.token}` } });
    this.url = ((await gwRes.json()) as { url: string }).url;
    const ready = new Promise<void>((resolve) => (this.onReady = resolve));
    this.connect();
    await ready;
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once("close", () => resolve());
      ws.terminate();
    });
  }

  private connect(): void {
    const ws = new WebSocket(this.url!);
    this.ws = ws;
    ws.on("error", () => undefined);
    ws.on("message", (data: Buffer) => this.onFrame(ws, JSON.parse(data.toString()) as Frame));
    ws.on("close", () => {
      if (this.ws === ws) clearInterval(this.heartbeat);
      if (!this.stopped && this.options.reconnect && this.ws === ws) this.connect();
    });
  }

  private onFrame(ws: WebSocket, f: Frame): void {
    if (f.op === 0) {
      if (this.session && typeof f.s === "number") this.session.seq = f.s;
      if (f.t === "READY") {
        this.session = { id: f.d.session_id, seq: f.s ?? 0 };
        this.onReady?.();
      } else if (f.t !== "RESUMED") this.sink(f.s!, f.d.id, f.d.content);
    } else if (f.op === 10) {
      clearInterval(this.heartbeat);
      this.heartbeat = setInterval(() => ws.send(`{"op":1,"d":${this.session?.seq ?? null}}`), f.d.heartbeat_interval);
      const d = this.session
        ? { op: 6, d: { token: `QQBot ${this.token}`, session_id: this.session.id, seq: this.session.seq } }
        : { op: 2, d: { token: `QQBot ${this.token}`, intents: Intents.PUBLIC_MESSAGES, shard: [0, 1] } };
      ws.send(JSON.stringify(d));
    } else if (f.op === 7) {
      ws.terminate();
    } else if (f.op === 9 && f.d !== true) {
      this.session = undefined;
    }
  }
}
