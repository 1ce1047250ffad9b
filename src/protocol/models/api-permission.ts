/**
 * The bot's API permissions in a guild, and demands for more (a link the guild's admin approves).
 * Source: docs server-inter/channel/api_permissions/*.md; botgo dto/api_permissions.go.
 */

/** An API and whether the bot may call it in the guild. */
export interface ApiPermission {
  /** Path template, e.g. `/guilds/{guild_id}/members/{user_id}`. */
  path: string;
  /** HTTP method. */
  method: string;
  /** What the API does. */
  desc: string;
  /** 1 granted, 0 not. */
  auth_status: number;
}

/** `GET /guilds/{guild_id}/api_permission`. */
export interface ApiPermissions {
  /** The APIs. */
  apis: ApiPermission[];
}

/** Which API a demand is for. */
export interface ApiIdentify {
  /** Path template. */
  path: string;
  /** HTTP method. */
  method: string;
}

/** Body of `POST /guilds/{guild_id}/api_permission/demand` (3 a day per guild by default). */
export interface ApiPermissionDemandBody {
  /** Channel the authorisation link is posted in. */
  channel_id: string;
  /** The API asked for. */
  api_identify: ApiIdentify;
  /** What the bot does with it. */
  desc: string;
}

/** A demand posted. */
export interface ApiPermissionDemand {
  /** Guild id. */
  guild_id: string;
  /** Channel the link was posted in. */
  channel_id: string;
  /** The API asked for. */
  api_identify: ApiIdentify;
  /** Title of the link. */
  title: string;
  /** Description of the link. */
  desc: string;
}
