/**
 * Guild DM sessions: sending a DM to a guild member needs a session first
 * (`POST /users/@me/dms` `{recipient_id, source_guild_id}` → `guild_id`). Sessions are cached.
 */
import { LRUCache } from "lru-cache";
import { QQApiError } from "../errors.js";
import type { RestClient } from "../http/types.js";

/** Resolves (and caches) the DM guild id of a user. */
export interface DirectSessions {
  /** The DM session guild id for `userId` reached through `sourceGuildId`. */
  resolve(userId: string, sourceGuildId: string): Promise<string>;
}

/** Path that opens a DM session. */
export const DM_SESSION_PATH = "/users/@me/dms";

/**
 * A DM session cache over `rest`, at most `max` sessions (least recently used forgotten first).
 * Concurrent resolves of one user share one request; failures are not cached.
 */
export function createDirectSessions(rest: RestClient, options: { max?: number } = {}): DirectSessions {
  // Made on the first DM (an lru-cache allocates its `max` slots up front).
  let sessions: LRUCache<string, Promise<string>> | undefined;
  const cache = (): LRUCache<string, Promise<string>> => (sessions ??= new LRUCache<string, Promise<string>>({ max: options.max ?? 1000 }));
  const open = async (userId: string, sourceGuildId: string): Promise<string> => {
    const answer = await rest.request<unknown>("POST", DM_SESSION_PATH, { recipient_id: userId, source_guild_id: sourceGuildId });
    const guildId = typeof answer === "object" && answer !== null ? (answer as Record<string, unknown>)["guild_id"] : undefined;
    if (typeof guildId !== "string" || guildId === "") {
      throw new QQApiError(`opening a DM session with user ${userId} (from guild ${sourceGuildId}) failed: the answer had no guild_id`, {
        status: 200,
        method: "POST",
        path: DM_SESSION_PATH,
        body: JSON.stringify(answer ?? null).slice(0, 200),
      });
    }
    return guildId;
  };
  return {
    resolve(userId, sourceGuildId) {
      const key = `${sourceGuildId}/${userId}`;
      const cached = cache().get(key);
      if (cached !== undefined) return cached;
      const pending = open(userId, sourceGuildId);
      cache().set(key, pending);
      pending.catch(() => {
        if (cache().get(key) === pending) cache().delete(key);
      });
      return pending;
    },
  };
}
