/**
 * Where a message came from and who wrote it, read from a dispatch's `d`: the checks that
 * decide whether a message dispatch is usable (cheap, no allocation: they run on every message),
 * and the builders of `author` and `target` (run on first access, once).
 *
 * | kind     | author                                   | target                                   |
 * |----------|------------------------------------------|------------------------------------------|
 * | `c2c`    | `author.user_openid`                     | `{ kind: "c2c", openid }`                |
 * | `group`  | `author.member_openid`                   | `{ kind: "group", groupOpenid }` (`group_openid`, else `group_id`) |
 * | `guild`  | `author.id` (+ username, bot)            | `{ kind: "channel", channelId, guildId }` |
 * | `direct` | `author.id` (+ username, bot)            | `{ kind: "direct", guildId }`            |
 */
import { type Rec, str } from "./guards.js";
import type { MessageAuthor, MessageKind, MessageTarget } from "./message.js";

/** What is missing to know the author and where a reply goes, or `undefined` when nothing is. */
export function sourceProblem(kind: MessageKind, d: Rec, author: Rec, describe: (v: unknown) => string): string | undefined {
  switch (kind) {
    case "c2c":
      return str(author["user_openid"]) ? undefined : `author.user_openid is ${describe(author["user_openid"])}`;
    case "group":
      if (!str(author["member_openid"])) return `author.member_openid is ${describe(author["member_openid"])}`;
      return str(d["group_openid"]) ?? str(d["group_id"]) ? undefined : `group_openid is ${describe(d["group_openid"])}`;
    case "guild":
    case "direct":
      if (!str(author["id"])) return `author.id is ${describe(author["id"])}`;
      if (!str(d["guild_id"])) return `guild_id is ${describe(d["guild_id"])}`;
      return kind === "direct" || str(d["channel_id"]) ? undefined : `channel_id is ${describe(d["channel_id"])}`;
  }
}

/** The author of a message whose source checked out. */
export function authorOf(kind: MessageKind, author: Rec): MessageAuthor {
  const union = str(author["union_openid"]);
  const extra: Partial<MessageAuthor> = union ? { unionOpenid: union } : {};
  if (kind === "c2c") {
    const openid = author["user_openid"] as string;
    return { id: str(author["id"]) ?? openid, userOpenid: openid, ...extra };
  }
  if (kind === "group") {
    const member = author["member_openid"] as string;
    return { id: str(author["id"]) ?? member, memberOpenid: member, ...extra };
  }
  const who: MessageAuthor = { id: author["id"] as string, ...extra };
  if (typeof author["username"] === "string") who.username = author["username"];
  if (typeof author["bot"] === "boolean") who.bot = author["bot"];
  return who;
}

/** Where a reply to a message whose source checked out goes. */
export function targetOf(kind: MessageKind, d: Rec, author: Rec): MessageTarget {
  switch (kind) {
    case "c2c":
      return { kind: "c2c", openid: author["user_openid"] as string };
    case "group":
      return { kind: "group", groupOpenid: (str(d["group_openid"]) ?? d["group_id"]) as string };
    case "guild":
      return { kind: "channel", channelId: d["channel_id"] as string, guildId: d["guild_id"] as string };
    case "direct":
      return { kind: "direct", guildId: d["guild_id"] as string };
  }
}
