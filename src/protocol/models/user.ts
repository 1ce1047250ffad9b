/**
 * Users and the bot itself (`GET /users/@me`), as the OpenAPI returns them.
 * Source: docs server-inter/channel/manage/user/model.md; botgo dto/user.go.
 */

/** A user as the OpenAPI returns it. IDs are bot-scoped, not real QQ numbers. */
export interface User {
  /** User id. */
  id: string;
  /** User name. */
  username: string;
  /** Avatar URL. */
  avatar?: string;
  /** Whether the user is a bot. */
  bot?: boolean;
  /** Openid of a specially linked app; only on member look-ups, after the platform enabled it. */
  union_openid?: string;
  /** Account in the linked app; only on member look-ups, after the platform enabled it. */
  union_user_account?: string;
}

/** A user in a reaction list: id, name and avatar only. */
export interface ReactionUser {
  /** User id. */
  id: string;
  /** User name. */
  username: string;
  /** Avatar URL. */
  avatar?: string;
}
