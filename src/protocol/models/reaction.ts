/**
 * Emoji reactions (表情表态) on guild messages.
 * Source: docs server-inter/message/trans/emoji.md, openapi/emoji/model.md; botgo dto/pager.go MessageReactionPager.
 */
import type { ReactionUser } from "./user.js";

/** Query of `GET …/reactions/{type}/{id}`. */
export interface ReactionUsersQuery {
  /** The `cookie` of the previous page; none for the first. */
  cookie?: string;
  /** Page size, at most 50 (only read on the first request). @defaultValue 20 */
  limit?: number;
}

/** A page of users who reacted. */
export interface ReactionUsersPage {
  /** Users of this page. */
  users: ReactionUser[];
  /** Cursor of the next page. */
  cookie: string;
  /** Whether this is the last page. */
  is_end: boolean;
}
