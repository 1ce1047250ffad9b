/**
 * Send endpoints (PROTOCOL.md Part B §6): C2C, group, guild channel and guild DM messages,
 * validated by `send-validation.ts`, answered `{id, timestamp}` (v2) or a guild Message object,
 * and recorded in `sentMessages` and `stats.messagesSent`.
 */
import type { PlatformContext } from "./context.js";
import type { FormFile } from "./form-body.js";
import { randomC2CMessageId, randomGuildMessageId, rfc3339Beijing } from "./ids.js";
import type { TargetKind } from "./reply-ledger.js";
import type { Route, RouteReply, RouteRequest } from "./rest-router.js";
import { commitReply, validateGuildSend, validateV2Send, type SendContext } from "./send-validation.js";
import { bump } from "./stats.js";

function sendContext(ctx: PlatformContext): SendContext {
  return { ledger: ctx.ledger, media: ctx.media, now: ctx.options.now(), windows: ctx.options.replyWindows };
}

/** Record a successful send. */
export function recordSent(ctx: PlatformContext, kind: TargetKind, targetId: string, id: string, body: unknown): void {
  ctx.sentMessages.push({ kind, targetId, id, body, at: ctx.options.now() });
  bump(ctx.stats.messagesSent, kind);
}

function v2Send(ctx: PlatformContext, kind: "c2c" | "group", param: string) {
  return (req: RouteRequest): RouteReply => {
    const targetId = req.params[param] ?? "";
    const claim = validateV2Send(kind, targetId, req.body, sendContext(ctx));
    commitReply(claim);
    const id = randomC2CMessageId();
    recordSent(ctx, kind, targetId, id, req.body);
    return { status: 200, json: { id, timestamp: rfc3339Beijing(ctx.options.now()) } };
  };
}

function guildSend(ctx: PlatformContext, kind: "channel" | "dms", param: string) {
  return (req: RouteRequest): RouteReply => {
    const targetId = req.params[param] ?? "";
    const claim = validateGuildSend(kind, targetId, req.body, sendContext(ctx));
    commitReply(claim);
    const body = req.body as Record<string, unknown>;
    const id = randomGuildMessageId();
    recordSent(ctx, kind, targetId, id, req.body);
    const dm = kind === "dms";
    const image = body.file_image as FormFile | undefined;
    const channelId = dm ? ctx.scene.dmChannelId : targetId;
    const guildId = dm ? targetId : (ctx.world.channels.get(targetId)?.guild_id ?? ctx.scene.guildId);
    const message = ctx.world.botMessage(channelId, guildId, {
      id,
      content: body.content,
      embeds: body.embed ? [body.embed] : [],
      seq_in_channel: String(ctx.sentMessages.length),
      ...(body.keyboard ? { keyboard: body.keyboard } : {}),
      ...(image ? { attachments: [{ url: `gchat.qpic.cn/qmeetpic/${id}/0`, content_type: "image/png", filename: image.filename, size: image.size }] } : {}),
      ...(dm ? { direct_message: true, src_guild_id: ctx.scene.guildId } : {}),
    });
    return { status: 200, json: message };
  };
}

/** The four send routes. */
export function messageRoutes(ctx: PlatformContext): Route[] {
  return [
    { method: "POST", path: "/v2/users/:openid/messages", auth: true, jsonBody: true, handle: v2Send(ctx, "c2c", "openid") },
    { method: "POST", path: "/v2/groups/:group_openid/messages", auth: true, jsonBody: true, handle: v2Send(ctx, "group", "group_openid") },
    { method: "POST", path: "/channels/:channel_id/messages", auth: true, jsonBody: true, formBody: true, handle: guildSend(ctx, "channel", "channel_id") },
    { method: "POST", path: "/dms/:guild_id/messages", auth: true, jsonBody: true, formBody: true, handle: guildSend(ctx, "dms", "guild_id") },
  ];
}
