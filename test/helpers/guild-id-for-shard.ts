/**
 * A guild id whose messages the simulator routes to `shard` of `count`
 * (`(guild_id >> 22) % count`), distinct for each `n`. Shared by the shard tests and the
 * cluster benchmark.
 *
 * @example
 * ```ts
 * platform.pushMessage("guild", { guild_id: guildIdForShard(1, 2, round) }); // lands on shard 1 of 2
 * ```
 */
export function guildIdForShard(shard: number, count: number, n = 0): string {
  return String((BigInt(shard + count * (n + 1)) << 22n) + 12345n);
}
