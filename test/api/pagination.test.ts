/**
 * Paging on demand: `.all()` and `.pages()` of the paged rows walk the simulator's seeded data
 * with the platform's three cursor styles (last `user.id`, `next`, `cookie` + `is_end`, last
 * guild id), drop the members a page repeats, request the next page only when the loop asks
 * for it, and work as an RxJS source (`from(iterator)`).
 */
import { from, lastValueFrom, take, toArray } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { runCleanups } from "../helpers/cleanups.js";
import { startApiBot } from "./support.js";

afterEach(runCleanups);

describe("bot.api paging", () => {
  it("members.list.all: every member once, though pages repeat their boundary member, until an empty page", async () => {
    const { p, bot } = await startApiBot({ seed: { members: 30 } });
    const g = p.guilds.guildId;
    const ids: string[] = [];
    for await (const member of bot.api.members.list.all({ guild_id: g, limit: 7 })) ids.push(member.user.id);
    expect(ids).toHaveLength(33);
    expect(new Set(ids)).toEqual(new Set(p.guilds.memberIds(g)));
    const listCalls = p.requests.filter((r) => r.path === `/guilds/${g}/members`);
    expect(listCalls.map((r) => r.query.after ?? "(none)")[0]).toBe("(none)");
    expect(listCalls.at(-1)?.query).toMatchObject({ limit: "7" });
    // 7 new, then 6 new + 1 repeated per page: 7 + 6·4 = 31, then 2 more, then the empty page
    expect(listCalls).toHaveLength(7);
  });

  it("pages on demand: breaking out of the loop stops the requests", async () => {
    const { p, bot } = await startApiBot({ seed: { members: 30 } });
    const g = p.guilds.guildId;
    let seen = 0;
    for await (const _member of bot.api.members.list.all({ guild_id: g, limit: 4 })) {
      if (++seen === 6) break;
    }
    expect(p.requests.filter((r) => r.path === `/guilds/${g}/members`)).toHaveLength(2);
  });

  it("members.list.pages yields the raw pages, with the largest limit by default", async () => {
    const { p, bot } = await startApiBot({ seed: { members: 5 } });
    const pages: number[] = [];
    for await (const page of bot.api.members.list.pages({ guild_id: p.guilds.guildId })) pages.push(page.length);
    expect(pages).toEqual([8, 0]);
    expect(p.requests.find((r) => r.path.endsWith("/members"))?.query).toEqual({ limit: "400" });
  });

  it("members.listByRole.all follows next; reactions.users.all follows cookie until is_end", async () => {
    const { p, bot } = await startApiBot({ seed: { members: 12 } });
    const g = p.guilds.guildId;
    const ids = p.guilds.memberIds(g).slice(3, 12);
    for (const user_id of ids) await bot.api.roles.addMember({ guild_id: g, user_id, role_id: "2" });
    const admins: string[] = [];
    for await (const m of bot.api.members.listByRole.all({ guild_id: g, role_id: "2", limit: 4 })) admins.push(m.user.id);
    expect(admins).toEqual([p.botUser.id, ...ids]);
    expect(p.requests.filter((r) => r.path.endsWith("/roles/2/members")).map((r) => r.query.start_index ?? "-")).toEqual(["-", "4", "8"]);

    const message_id = p.pushMessage("guild").d.id as string;
    p.guilds.react(message_id, { type: 1, id: "4" }, 12);
    const users: string[] = [];
    for await (const u of bot.api.reactions.users.all({ channel_id: p.guilds.channelId, message_id, type: 1, id: "4", limit: 5 })) users.push(u.id);
    expect(users).toEqual(p.guilds.reactions(message_id, { type: 1, id: "4" }));
    expect(p.requests.filter((r) => r.path.includes("/reactions/")).map((r) => r.query.cookie ?? "-")).toEqual(["-", "5", "10"]);
  });

  it("me.guilds.all pages by the last guild id, and works as an Observable that stops when unsubscribed", async () => {
    const { p, bot } = await startApiBot({ seed: { guilds: 7 } });
    const names: string[] = [];
    for await (const guild of bot.api.me.guilds.all({ limit: 3 })) names.push(guild.name);
    expect(names).toHaveLength(7);
    expect(p.requests.filter((r) => r.path === "/users/@me/guilds")).toHaveLength(4); // 3, 3, 1, then empty
    const before = p.requests.length;
    const firstFour = await lastValueFrom(from(bot.api.me.guilds.all({ limit: 3 })).pipe(take(4), toArray()));
    expect(firstFour.map((g) => g.name)).toEqual(names.slice(0, 4));
    expect(p.requests.slice(before).filter((r) => r.path === "/users/@me/guilds")).toHaveLength(2);
  });
});
