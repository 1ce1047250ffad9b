/**
 * qq-official-bot 1.0.13 (the peer the issue measured) pointed at the bench platform. It has
 * no option for the endpoints, so the harness redirects them on its `bot.request` axios
 * instance, which is the only HTTP it does:
 *
 * - REST: `bot.request.defaults.baseURL = info.apiBase` (it reads `/gateway/bot` from there;
 *   the WebSocket URL is whatever that answers, so the socket follows);
 * - token: it POSTs to the absolute `https://bots.qq.com/app/getAppAccessToken`; a request
 *   interceptor rewrites that URL to `info.tokenUrl`;
 * - a second interceptor refuses any URL that is not on loopback (and `loopback-guard.ts`
 *   refuses any non-loopback socket in the client process).
 *
 * `logLevel: "off"` silences log4js (it still builds its `recv from …` strings: that is its
 * cost). Intents `GROUP_AND_C2C_EVENT` (C2C messages). Messages are taken from its
 * `message.private.friend` event, the one a C2C dispatch raises. Its constructor adds an
 * `uncaughtException` and an `unhandledRejection` listener to `process` per bot (swallowing
 * both at debug level), which is one reason each client runs in its own process.
 *
 * @example
 * ```ts
 * const peer = new PeerClient(info, (seq, id, content) => tally(seq));
 * await peer.start();
 * ```
 */
import { Bot, ReceiverMode } from "qq-official-bot";
import type { PlatformInfo } from "../lib/remote.js";
import type { BenchClient, MessageSink } from "./types.js";

const REAL_TOKEN_URL = "https://bots.qq.com/app/getAppAccessToken";
const LOOPBACK_URL = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/** What the harness reads off a C2C message event. */
interface PeerMessageEvent {
  message_id: string;
  content: string;
}

/** The part of qq-official-bot's internals the harness reads: the seq it tracks (set before the event fires). */
interface PeerInternals {
  sessionManager: { connectionManager: { state: { seq: number } } };
}

/** qq-official-bot behind the bench client interface. */
export class PeerClient implements BenchClient {
  readonly bot: Bot<ReceiverMode.WEBSOCKET>;

  constructor(info: PlatformInfo, sink: MessageSink) {
    this.bot = new Bot({
      appid: info.appId,
      secret: info.clientSecret,
      sandbox: false,
      intents: ["GROUP_AND_C2C_EVENT"],
      logLevel: "off",
      mode: ReceiverMode.WEBSOCKET,
    });
    const request = this.bot.request;
    request.defaults.baseURL = info.apiBase;
    request.interceptors.request.use((config) => {
      if (config.url === REAL_TOKEN_URL) config.url = info.tokenUrl;
      const full = /^https?:/.test(config.url ?? "") ? config.url! : `${config.baseURL ?? ""}${config.url ?? ""}`;
      if (!LOOPBACK_URL.test(full)) throw new Error(`bench: qq-official-bot tried ${full}; benchmarks stay on loopback`);
      return config;
    });
    const state = (this.bot as unknown as PeerInternals).sessionManager.connectionManager.state;
    this.bot.on("message.private.friend", (e: PeerMessageEvent) => sink(state.seq, e.message_id, e.content));
  }

  async start(): Promise<void> {
    await this.bot.start();
  }

  async close(): Promise<void> {
    await this.bot.stop();
  }
}
