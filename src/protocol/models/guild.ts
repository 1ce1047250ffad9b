/**
 * Guilds (频道) as the OpenAPI returns them, and the paging query of `GET /users/@me/guilds`.
 * Source: docs server-inter/channel/manage/guild/model.md and guilds.md; botgo dto/guild.go, dto/pager.go.
 */

/** A guild (频道). */
export interface Guild {
  /** Guild id (not the id shown in the QQ client). */
  id: string;
  /** Name. */
  name: string;
  /** Icon URL. */
  icon: string;
  /** Id of the creator. */
  owner_id: string;
  /** Whether the bot is the creator. */
  owner: boolean;
  /** Member count. */
  member_count: number;
  /** Most members allowed. */
  max_members: number;
  /** Description. */
  description: string;
  /** When the bot joined (ISO 8601). */
  joined_at?: string;
}

/** Query of `GET /users/@me/guilds`: pages of at most 100 guilds, by guild id. */
export interface GuildsQuery {
  /** Guilds after this guild id (ignored when `before` is set). */
  after?: string;
  /** Guilds before this guild id (the list is reversed first). */
  before?: string;
  /** Page size, 1–100. @defaultValue 100 */
  limit?: number;
}
