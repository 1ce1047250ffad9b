/** The bot's API permissions in a guild, and demands for more. */
import { ALL_PEERS, route } from "./endpoint.js";
import type { ApiPermissionDemand, ApiPermissionDemandBody, ApiPermissions } from "../models/api-permission.js";

/** API permission endpoints (`bot.api.apiPermissions`). */
export const API_PERMISSION_ENDPOINTS = {
  /**
   * The APIs the bot may (`auth_status` 1) or may not call in a guild.
   * @example `const { apis } = await bot.api.apiPermissions.list({ guild_id })`
   */
  list: route<void, ApiPermissions>()({
    method: "GET", path: "/guilds/{guild_id}/api_permission", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py get_permissions; botgo openapi/v1/api_permissions.go GetAPIPermissions; docs api_permissions/get_guild_api_permission.md",
  }),
  /**
   * Post a link in a channel asking the guild's admin to grant an API (3 a day per guild).
   * @example `await bot.api.apiPermissions.demand({ guild_id, channel_id, api_identify: { path: "/guilds/{guild_id}/members/{user_id}", method: "GET" }, desc: "欢迎新成员" })`
   */
  demand: route<ApiPermissionDemandBody, ApiPermissionDemand>()({
    method: "POST", path: "/guilds/{guild_id}/api_permission/demand", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py post_permission_demand; botgo openapi/v1/api_permissions.go RequireAPIPermissions; docs api_permissions/post_api_permission_demand.md",
  }),
} as const;
