/**
 * Mute, announcements and pins, from docs server-inter/channel/speak/*.md, content/announces/*.md
 * and content/pins/*.md:
 * - `PATCH /guilds/{guild_id}/mute` mutes the guild, or with `user_ids` those members (200
 *   `{user_ids}`); `PATCH …/members/{user_id}/mute` one member. `mute_end_timestamp` (unix s)
 *   wins over `mute_seconds`; both are decimal strings (else 502007); `"0"` lifts the mute.
 *   Admins are not muted. The bot must be an admin (403 11282).
 * - `POST|DELETE /guilds/{guild_id}/announces…` (a message, or ≤ 3 recommended channels; `all`
 *   deletes any) and the retired channel announcements.
 * - `PUT|DELETE /channels/{channel_id}/pins/{message_id}` (≤ 20, `all` unpins every one) and `GET …/pins`.
 */
import type { PlatformContext } from "../context.js";
import { PlatformError } from "../platform-errors.js";
import type { Route, RouteRequest } from "../rest-router.js";
import { isAdmin, type GuildRecord } from "../world/records.js";
import { fail, objectBody, optionalDigits, optionalNumber, optionalStrings, requiredString, type Fields } from "./fields.js";

const MUTE = PlatformError.MUTE_CONVERT;
const ANN = PlatformError.ANNOUNCE_PARAM;

/** When a mute body ends the mute: a time (ms), `0` to lift, or 502005 when neither field is set. */
function muteUntil(b: Fields, now: number): number {
  const end = optionalDigits(b, "mute_end_timestamp", MUTE);
  const seconds = optionalDigits(b, "mute_seconds", MUTE);
  if (end !== undefined && end !== "0") return Number(end) * 1000;
  if (seconds !== undefined && seconds !== "0") return now + Number(seconds) * 1000;
  if (end === undefined && seconds === undefined) fail(PlatformError.MUTE_TIME_INVALID, "give mute_end_timestamp or mute_seconds");
  return 0;
}

function muteMember(guild: GuildRecord, userId: string, until: number): void {
  if (until === 0) guild.memberMutes.delete(userId);
  else guild.memberMutes.set(userId, until);
}

/** Mute, announcement and pin routes. */
export function moderationRoutes(ctx: PlatformContext): Route[] {
  const world = ctx.world;

  const muteGuild = (req: RouteRequest) => {
    const guild = world.guild(req.params.guild_id);
    world.requireAdmin(guild);
    const b = objectBody(req.body);
    const userIds = optionalStrings(b, "user_ids", PlatformError.MUTE_USER_INVALID);
    const until = muteUntil(b, world.now());
    if (userIds === undefined) {
      if (until === 0) delete guild.mutedUntil;
      else guild.mutedUntil = until;
      return { status: 204, empty: true as const };
    }
    if (userIds.length === 0) fail(PlatformError.MUTE_USER_INVALID, "user_ids is empty");
    for (const id of userIds) if (!guild.members.has(id)) fail(PlatformError.MUTE_USER_INVALID, `user ${id} is not a member`);
    const done = userIds.filter((id) => !isAdmin(world.member(guild, id)));
    for (const id of done) muteMember(guild, id, until);
    return { status: 200, json: { user_ids: done } };
  };

  const muteOne = (req: RouteRequest) => {
    const guild = world.guild(req.params.guild_id);
    world.requireAdmin(guild);
    const member = world.member(guild, req.params.user_id);
    const until = muteUntil(objectBody(req.body), world.now());
    if (isAdmin(member)) fail(PlatformError.MUTE_USER_INVALID, "admins cannot be muted");
    muteMember(guild, member.user.id, until);
    return { status: 204, empty: true as const };
  };

  const createAnnounce = (req: RouteRequest) => {
    const guild = world.guild(req.params.guild_id);
    world.requireAdmin(guild);
    const b = objectBody(req.body, ANN);
    const type = optionalNumber(b, "announces_type", ANN, [0, 1]) ?? 0;
    if (typeof b.message_id === "string" && b.message_id !== "") {
      const channelId = requiredString(b, "channel_id", ANN);
      const channel = world.channel(channelId);
      if (channel.guild_id !== guild.id || world.messages.get(b.message_id)?.message.channel_id !== channelId) {
        fail(PlatformError.ANNOUNCE_MESSAGE_UNKNOWN, `message ${b.message_id} in channel ${channelId}`);
      }
      guild.announce = { channel_id: channelId, message_id: b.message_id, announces_type: 0, recommend_channels: [] };
    } else {
      const list = b.recommend_channels;
      if (!Array.isArray(list) || list.length === 0) fail(ANN, "give message_id and channel_id, or recommend_channels");
      if (list.length > 3) fail(PlatformError.RECOMMEND_FULL, `${list.length} recommended channels`);
      const recommend = list.map((item) => {
        const f = objectBody(item, ANN);
        const channelId = requiredString(f, "channel_id", ANN);
        if (world.channels.get(channelId)?.guild_id !== guild.id) fail(PlatformError.RECOMMEND_INVALID, `channel ${channelId}`);
        return { channel_id: channelId, introduce: typeof f.introduce === "string" ? f.introduce : "" };
      });
      guild.announce = { channel_id: recommend[0]?.channel_id ?? "", message_id: "", announces_type: type, recommend_channels: recommend };
    }
    return { status: 200, json: { guild_id: guild.id, ...guild.announce } };
  };

  const deleteAnnounce = (req: RouteRequest) => {
    const guild = world.guild(req.params.guild_id);
    world.requireAdmin(guild);
    const id = req.params.message_id;
    if (id !== "all" && guild.announce?.message_id !== id) fail(PlatformError.ANNOUNCE_MESSAGE_UNKNOWN, `no announcement of message ${id}`);
    delete guild.announce;
    return { status: 204, empty: true as const };
  };

  const channelAnnounce = (create: boolean) => (req: RouteRequest) => {
    const channel = world.adminChannel(req.params.channel_id);
    if (!create) {
      const id = req.params.message_id;
      if (id !== "all" && channel.announce !== id) fail(PlatformError.ANNOUNCE_MESSAGE_UNKNOWN, `no announcement of message ${id}`);
      delete channel.announce;
      return { status: 204, empty: true as const };
    }
    const messageId = requiredString(objectBody(req.body, ANN), "message_id", ANN);
    if (world.messages.get(messageId)?.message.channel_id !== channel.id) fail(PlatformError.ANNOUNCE_MESSAGE_UNKNOWN, `message ${messageId}`);
    channel.announce = messageId;
    return { status: 200, json: { guild_id: channel.guild_id, channel_id: channel.id, message_id: messageId } };
  };

  const pins = (channelId: string) => {
    const channel = world.channel(channelId);
    return { status: 200, json: { guild_id: channel.guild_id, channel_id: channel.id, message_ids: [...channel.pins] } };
  };

  const pin = (req: RouteRequest) => {
    const channel = world.adminChannel(req.params.channel_id);
    const id = req.params.message_id ?? "";
    world.message(channel.id, id, PlatformError.ANNOUNCE_MESSAGE_UNKNOWN);
    if (!channel.pins.includes(id)) {
      if (channel.pins.length >= 20) fail(PlatformError.PINS_FULL, "a channel has at most 20 pinned messages");
      channel.pins.push(id);
    }
    return pins(channel.id);
  };

  const unpin = (req: RouteRequest) => {
    const channel = world.adminChannel(req.params.channel_id);
    const id = req.params.message_id ?? "";
    if (id === "all") channel.pins = [];
    else if (!channel.pins.includes(id)) fail(PlatformError.ANNOUNCE_MESSAGE_UNKNOWN, `message ${id} is not pinned`);
    else channel.pins = channel.pins.filter((p) => p !== id);
    return { status: 204, empty: true as const };
  };

  return [
    { method: "PATCH", path: "/guilds/:guild_id/mute", auth: true, jsonBody: true, handle: muteGuild },
    { method: "PATCH", path: "/guilds/:guild_id/members/:user_id/mute", auth: true, jsonBody: true, handle: muteOne },
    { method: "POST", path: "/guilds/:guild_id/announces", auth: true, jsonBody: true, handle: createAnnounce },
    { method: "DELETE", path: "/guilds/:guild_id/announces/:message_id", auth: true, handle: deleteAnnounce },
    { method: "POST", path: "/channels/:channel_id/announces", auth: true, jsonBody: true, handle: channelAnnounce(true) },
    { method: "DELETE", path: "/channels/:channel_id/announces/:message_id", auth: true, handle: channelAnnounce(false) },
    { method: "PUT", path: "/channels/:channel_id/pins/:message_id", auth: true, jsonBody: "optional", handle: pin },
    { method: "DELETE", path: "/channels/:channel_id/pins/:message_id", auth: true, handle: unpin },
    { method: "GET", path: "/channels/:channel_id/pins", auth: true, handle: (req) => pins(req.params.channel_id ?? "") },
  ];
}
