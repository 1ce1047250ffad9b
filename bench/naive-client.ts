/**
 * The storm baseline: a deliberately naive gateway client, the way many QQ SDKs reconnect.
 * Every reconnect re-fetches `GET /gateway`; three quick disconnects in a row (a connection
 * shorter than `quickDisconnectMs`, or an attempt that never connected) and it gives up.
 * It does resume (keeps session_id/seq), so the only difference under a storm is the URL
 * policy and the give-up rule.
 *
 * @example
 * ```ts
 * const naive = new NaiveClient({ ...platformInfo, quickDisconnectMs: 25, retryDelaysMs: [10, 25, 50] });
 * naive.start();
 * naive.on("ready", (resumed) => …); naive.on("fatal", (err) => …);
 * ```
 */
import { EventEmitter } from "node:events";
import WebSocket from "ws";
import { Intents } from "../src/index.js";
import type { PlatformInfo } from "./lib/remote.js";

/** Options of {@link NaiveClient}. */
export interface NaiveClientOptions extends PlatformInfo {
  quickDisconnectMs: number;
  /** Waits before retrying a failed attempt (the last repeats). */
  retryDelaysMs: readonly number[];
  /** Quick disconnects in a row that make it give up. @defaultValue 3 */
  maxQuickDisconnects?: number;
}

/** What the naive client counted. */
export interface NaiveStats {
  gatewayCalls: number;
  gatewayFailures: number;
  connects: number;
  identifies: number;
  resumes: number;
  quickDisconnects: number;
}

/** Events: `ready` (resumed: boolean), `dispatch` (payload), `fatal` (Error). */

/** Frames as the naive client reads them: deliberately unchecked, like the clients it stands for. */
// biome-ignore lint/suspicious/noExplicitAny: the naive baseline reads `d` without validation on purpose
type NaiveFrameData = any;
export class NaiveClient extends EventEmitter {
  readonly stats: NaiveStats = { gatewayCalls: 0, gatewayFailures: 0, connects: 0, identifies: 0, resumes: 0, quickDisconnects: 0 };
  fatal: Error | undefined;
  private ws: WebSocket | undefined;
  private token: string | undefined;
  private session: { id: string; seq: number } | undefined;
  private quick = 0;
  private stopped = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: NaiveClientOptions) {
    super();
  }

  /** Connect (and reconnect on every drop) until it gives up or `close()`. */
  start(): void {
    void this.attempt();
  }

  /** Stop, close the socket and every timer. */
  close(): void {
    this.stopped = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.retry);
    this.ws?.removeAllListeners();
    this.ws?.on("error", () => undefined);
    this.ws?.terminate();
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    let url: string;
    try {
      url = await this.gatewayUrl();
    } catch {
      this.stats.gatewayFailures += 1;
      return this.quickDisconnect("GET /gateway failed");
    }
    if (this.stopped) return;
    this.connect(url);
  }

  private async gatewayUrl(): Promise<string> {
    const o = this.options;
    if (!this.token) {
      const res = await fetch(o.tokenUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ appId: o.appId, clientSecret: o.clientSecret }) });
      this.token = ((await res.json()) as { access_token: string }).access_token;
    }
    this.stats.gatewayCalls += 1;
    const res = await fetch(`${o.apiBase}/gateway`, { headers: { authorization: `QQBot ${this.token}` } });
    const body = (await res.json().catch(() => ({}))) as { url?: string };
    if (res.status !== 200 || !body.url) throw new Error(`GET /gateway → ${res.status}`);
    return body.url;
  }

  private connect(url: string): void {
    this.stats.connects += 1;
    const ws = new WebSocket(url);
    this.ws = ws;
    const openedAt = Date.now();
    ws.on("error", () => undefined);
    ws.on("message", (data: Buffer) => this.onFrame(ws, JSON.parse(data.toString()) as { op: number; s?: number; t?: string; d?: NaiveFrameData }));
    ws.on("close", () => {
      clearInterval(this.heartbeat);
      if (this.stopped) return;
      if (Date.now() - openedAt < this.options.quickDisconnectMs) return this.quickDisconnect("connection closed quickly");
      this.quick = 0;
      void this.attempt();
    });
  }

  private onFrame(ws: WebSocket, p: { op: number; s?: number; t?: string; d?: NaiveFrameData }): void {
    if (typeof p.s === "number" && this.session) this.session.seq = Math.max(this.session.seq, p.s);
    if (p.op === 10) {
      clearInterval(this.heartbeat);
      this.heartbeat = setInterval(() => ws.send(JSON.stringify({ op: 1, d: this.session?.seq ?? null })), p.d.heartbeat_interval);
      if (this.session) {
        this.stats.resumes += 1;
        ws.send(JSON.stringify({ op: 6, d: { token: `QQBot ${this.token}`, session_id: this.session.id, seq: this.session.seq } }));
      } else {
        this.stats.identifies += 1;
        ws.send(JSON.stringify({ op: 2, d: { token: `QQBot ${this.token}`, intents: Intents.PUBLIC_MESSAGES, shard: [0, 1] } }));
      }
    } else if (p.op === 0 && p.t === "READY") {
      this.session = { id: p.d.session_id, seq: p.s ?? 0 };
      this.emit("ready", false);
    } else if (p.op === 0 && p.t === "RESUMED") {
      this.emit("ready", true);
    } else if (p.op === 0) {
      this.emit("dispatch", p);
    } else if (p.op === 9) {
      if (p.d !== true) this.session = undefined;
    }
  }

  private quickDisconnect(why: string): void {
    this.stats.quickDisconnects += 1;
    this.quick += 1;
    if (this.quick >= (this.options.maxQuickDisconnects ?? 3)) {
      this.fatal = new Error(`gave up after ${this.quick} quick disconnects (last: ${why})`);
      this.stopped = true;
      this.emit("fatal", this.fatal);
      return;
    }
    const delays = this.options.retryDelaysMs;
    this.retry = setTimeout(() => void this.attempt(), delays[Math.min(this.quick - 1, delays.length - 1)] ?? 0);
  }
}
