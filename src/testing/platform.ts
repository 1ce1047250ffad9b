/**
 * `startSimulatedPlatform`: a real HTTP + WebSocket QQ platform on loopback, one port for
 * REST, the token endpoint and the gateway upgrade. Behaves like the real platform by
 * default (PROTOCOL.md Part B, A7); misbehaves on command through `faults`.
 */
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { createContext, type PlatformContext } from "./context.js";
import { createFaults } from "./faults.js";
import { GatewayServer } from "./gateway-server.js";
import { gatewayRoutes } from "./gateway-routes.js";
import { handleHttp } from "./http-server.js";
import { randomEventId } from "./ids.js";
import { messageRoutes } from "./message-routes.js";
import { miscRoutes } from "./misc-routes.js";
import { contentRoutes } from "./routes/content-routes.js";
import { guildRoutes } from "./routes/guild-routes.js";
import { memberRoutes } from "./routes/member-routes.js";
import { messageExtraRoutes } from "./routes/message-extra-routes.js";
import { moderationRoutes } from "./routes/moderation-routes.js";
import { permissionRoutes } from "./routes/permission-routes.js";
import { reactionRoutes } from "./routes/reaction-routes.js";
import { createSimulatedGuilds } from "./world/public.js";
import { resolveOptions, type SimulatedPlatformOptions } from "./options.js";
import { buildMessage } from "./payload-factory.js";
import { RestRouter } from "./rest-router.js";
import { snapshotStats } from "./stats.js";
import { TOKEN_PATH, tokenRoute } from "./token-route.js";
import type { PushedEvent, SimulatedPlatform } from "./types.js";
import { createSimulatedWebhook } from "./webhook-delivery.js";

/**
 * Start a simulated QQ platform (token endpoint, OpenAPI and WebSocket gateway on one
 * loopback port); resolves once it listens. Rejects with a `RangeError` naming a bad option,
 * or with the listen error (such as `EADDRINUSE`). Always `await platform.close()` when done.
 *
 * @example
 * ```ts
 * const platform = await startSimulatedPlatform({ identifyWindowMs: 0, heartbeatIntervalMs: 1_000 });
 * const bot = createBot({ appId: platform.appId, clientSecret: platform.clientSecret, apiBase: platform.apiBase, tokenUrl: platform.tokenUrl });
 * bot.messages$.subscribe((msg) => void msg.reply(`echo: ${msg.text}`));
 * await platform.waitFor("ready");
 * platform.pushMessage("c2c", { content: "hello" });
 * // … assert on platform.sentMessages, platform.stats(), bot.stats() …
 * await bot.close();
 * await platform.close();
 * ```
 */
export async function startSimulatedPlatform(options: SimulatedPlatformOptions = {}): Promise<SimulatedPlatform> {
  const opts = resolveOptions(options);
  const ctx = createContext(opts);
  const router = new RestRouter([
    tokenRoute(ctx), ...gatewayRoutes(ctx), ...messageRoutes(ctx), ...miscRoutes(ctx), ...messageExtraRoutes(ctx), ...guildRoutes(ctx),
    ...memberRoutes(ctx), ...moderationRoutes(ctx), ...permissionRoutes(ctx), ...contentRoutes(ctx), ...reactionRoutes(ctx),
  ]);
  const gateway = new GatewayServer(ctx);
  const sockets = new Set<Socket>();
  // Production, and (option `sandbox`) the sandbox on a port of its own: same routes, same state.
  const serve = (sandbox: boolean): Server => {
    const server = createServer((req, res) => void handleHttp(ctx, router, req, res, sandbox));
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    server.on("upgrade", (req, socket, head) => gateway.handleUpgrade(req, socket, head, sandbox));
    server.on("clientError", (_err, socket) => socket.destroy());
    return server;
  };
  const server = serve(false);
  const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  const apiBase = `http://${host}:${await listen(server, opts.port, opts.host)}`;
  ctx.gatewayUrl = `${apiBase.replace(/^http/, "ws")}/websocket`;
  let sandboxServer: Server | undefined;
  let sandboxApiBase: string | undefined;
  if (opts.sandbox) {
    sandboxServer = serve(true);
    sandboxApiBase = `http://${host}:${await listen(sandboxServer, 0, opts.host).catch(async (err: unknown) => {
      await new Promise((resolve) => server.close(resolve));
      throw err;
    })}`;
    ctx.sandboxGatewayUrl = `${sandboxApiBase.replace(/^http/, "ws")}/websocket`;
  }

  const pushEvent = (type: string, d: unknown): PushedEvent => {
    const id = randomEventId(type);
    ctx.ledger.recordPush(type, id, d, opts.now());
    recordPushedMessage(ctx, type, d);
    ctx.stats.eventsPushed += 1;
    const delivered = gateway.dispatch(type, d, id);
    return { id, type, d, delivered };
  };

  const webhook = createSimulatedWebhook(ctx);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      webhook.close();
      ctx.milestones.close();
      ctx.timers.clearAll();
      gateway.shutdown();
      for (const socket of sockets) socket.destroy();
      const servers = sandboxServer ? [server, sandboxServer] : [server];
      let open = servers.length;
      for (const s of servers) {
        s.close(() => --open === 0 && resolve());
        s.closeAllConnections();
      }
    });
    return closing;
  };

  return {
    appId: opts.appId,
    clientSecret: opts.clientSecret,
    tokenUrl: `${apiBase}${TOKEN_PATH}`,
    apiBase,
    gatewayUrl: ctx.gatewayUrl,
    sandboxApiBase,
    sandboxGatewayUrl: ctx.sandboxGatewayUrl,
    close,
    pushEvent,
    pushMessage: (kind, fields) => {
      const { type, d } = buildMessage(kind, ctx.scene, opts.botUser, opts.now(), fields);
      return pushEvent(type, d);
    },
    stats: () => snapshotStats(ctx.stats),
    requests: ctx.requests,
    sentMessages: ctx.sentMessages,
    faults: createFaults(ctx.faults, gateway),
    guilds: createSimulatedGuilds(ctx),
    waitFor: (event, count) => {
      const promise = ctx.milestones.waitFor(event, count);
      promise.catch(() => undefined); // an abandoned waiter must not become an unhandled rejection
      return promise;
    },
    botUser: opts.botUser,
    scene: ctx.scene,
    sessions: () =>
      ctx.sessions.all().map((s) => ({
        id: s.id,
        seq: s.seq,
        intents: s.intents,
        shard: [s.shard[0], s.shard[1]] as [number, number],
        connected: s.conn !== undefined,
        logged: s.log.length,
      })),
    httpServer: server,
    webhook,
  };
}

/** Guild channel and DM messages pushed by the test are stored, so the OpenAPI can get, pin, react to and recall them. */
function recordPushedMessage(ctx: PlatformContext, type: string, d: unknown): void {
  if (type !== "AT_MESSAGE_CREATE" && type !== "MESSAGE_CREATE" && type !== "DIRECT_MESSAGE_CREATE") return;
  const m = d as Record<string, unknown> | null;
  if (!m || typeof m.id !== "string" || typeof m.channel_id !== "string" || typeof m.guild_id !== "string") return;
  ctx.world.recordMessage({ ...m, id: m.id, channel_id: m.channel_id, guild_id: m.guild_id }, false);
}

/** Listen on `port` (0 = any) and `host`; resolves with the port. */
function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}
