/**
 * The simulator's member and role endpoints, driven with plain HTTP: member lists page by the
 * last `user.id` (a later page repeats the previous page's last member, as the platform warns,
 * and the list ends with an empty page), role members page by `next`, removing a member can
 * blacklist them and recall their messages, roles are created, changed and deleted, and role 5
 * needs a channel.
 */
import { describe, expect, it } from "vitest";
import { platformFixture } from "./platform-fixture.js";
import { expectErrors, openApi, pushGuildMessage } from "./openapi-support.js";

const { start } = platformFixture({ identifyWindowMs: 0 });

type MemberJson = { user: { id: string; username: string }; roles: string[] };

describe("simulator OpenAPI: members and roles", () => {
  it("pages members by after=<last user.id>, repeating the boundary member, until an empty page", async () => {
    const { p, token } = await start({ seed: { members: 10 } });
    const api = openApi(p, token);
    const g = p.guilds.guildId;
    const seen: string[] = [];
    const pages: number[] = [];
    let after = "0";
    for (let i = 0; i < 20; i++) {
      const page = (await api.call("GET", `/guilds/${g}/members?after=${after}&limit=4`)).json as MemberJson[];
      pages.push(page.length);
      if (page.length === 0) break;
      if (after !== "0") expect(page[0]!.user.id).toBe(after); // the boundary member again
      seen.push(...page.map((m) => m.user.id));
      after = page.at(-1)!.user.id;
    }
    expect(pages.at(-1)).toBe(0);
    expect(new Set(seen).size).toBe(13); // bot, owner, scene user, 10 members
    expect(new Set(seen)).toEqual(new Set(p.guilds.memberIds(g)));
    expect(seen.length).toBeGreaterThan(13); // repeats happened
  });

  it("gets a member, refuses unknown ones, and removes one with blacklist and message recall", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const g = p.guilds.guildId;
    const user = p.scene.guildUser.id;
    expect((await api.call("GET", `/guilds/${g}/members/${user}`)).json).toMatchObject({ user: { id: user }, roles: ["1"] });
    const said = pushGuildMessage(p, "spam");
    await expectErrors(api, [
      { name: "unknown member", method: "GET", path: `/guilds/${g}/members/1`, status: 404, code: 10001 },
      { name: "blacklist of the wrong type", method: "DELETE", path: `/guilds/${g}/members/${user}`, body: { add_blacklist: "yes" }, status: 400, code: 12002 },
      { name: "an admin cannot be removed", method: "DELETE", path: `/guilds/${g}/members/${p.guilds.ownerId}`, status: 403, code: 11282 },
      { name: "not an admin there", method: "DELETE", path: `/guilds/${p.guilds.plainGuildId}/members/${user}`, status: 403, code: 11282 },
    ]);
    const removed = await api.call("DELETE", `/guilds/${g}/members/${user}`, { add_blacklist: true, delete_history_msg_days: -1 });
    expect(removed.status).toBe(204);
    expect(p.guilds.member(g, user)).toBeUndefined();
    expect(p.guilds.blacklist(g)).toEqual([user]);
    expect(p.guilds.channelMessage(said)).toBeUndefined();
    await expectErrors(api, [{ name: "removed member", method: "GET", path: `/guilds/${g}/members/${user}`, status: 404, code: 10001 }]);
  });

  it("lists, creates, modifies and deletes roles; default roles stay", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const g = p.guilds.guildId;
    const list = await api.call("GET", `/guilds/${g}/roles`);
    expect(list.json).toMatchObject({ guild_id: g, role_num_limit: "30" });
    expect((list.json.roles as Array<{ id: string }>).map((r) => r.id)).toEqual(["1", "2", "4", "5"]);
    await expectErrors(api, [
      { name: "no field at all", method: "POST", path: `/guilds/${g}/roles`, body: {}, status: 400, code: 12002 },
      { name: "hoist not 0 or 1", method: "POST", path: `/guilds/${g}/roles`, body: { name: "x", hoist: 3 }, status: 400, code: 12002 },
      { name: "delete a default role", method: "DELETE", path: `/guilds/${g}/roles/2`, status: 400, code: 12002 },
      { name: "modify an unknown role", method: "PATCH", path: `/guilds/${g}/roles/999`, body: { name: "x" }, status: 404, code: 40401001 },
    ]);
    const created = await api.call("POST", `/guilds/${g}/roles`, { name: "helper", color: 99999, hoist: 1 });
    const roleId = created.json.role_id as string;
    expect(created.json.role).toMatchObject({ id: roleId, name: "helper", color: 99999, hoist: 1, number: 0 });
    const modified = await api.call("PATCH", `/guilds/${g}/roles/${roleId}`, { name: "mods" });
    expect(modified.json).toMatchObject({ guild_id: g, role_id: roleId, role: { name: "mods", color: 99999 } });
    expect((await api.call("DELETE", `/guilds/${g}/roles/${roleId}`)).status).toBe(204);
    expect(p.guilds.roleIds(g)).not.toContain(roleId);
  });

  it("adds and removes role members (role 5 needs a channel) and pages a role's members by next", async () => {
    const { p, token } = await start({ seed: { members: 6 } });
    const api = openApi(p, token);
    const g = p.guilds.guildId;
    const [a, b, c] = p.guilds.memberIds(g).slice(3);
    await expectErrors(api, [
      { name: "role 5 without a channel", method: "PUT", path: `/guilds/${g}/members/${a}/roles/5`, status: 400, code: 12002 },
      { name: "role 5 with another guild's channel", method: "PUT", path: `/guilds/${g}/members/${a}/roles/5`, body: { channel: { id: p.guilds.plainChannelId } }, status: 400, code: 12002 },
      { name: "unknown role", method: "PUT", path: `/guilds/${g}/members/${a}/roles/77`, status: 404, code: 40401001 },
      { name: "unknown member", method: "PUT", path: `/guilds/${g}/members/1/roles/2`, status: 404, code: 10001 },
    ]);
    expect((await api.call("PUT", `/guilds/${g}/members/${a}/roles/5`, { channel: { id: p.guilds.channelId } })).status).toBe(204);
    for (const id of [a, b, c]) expect((await api.call("PUT", `/guilds/${g}/members/${id}/roles/2`)).status).toBe(204);
    expect(p.guilds.member(g, a!)).toMatchObject({ roles: ["1", "5", "2"] });
    const collected: string[] = [];
    let next = "0";
    let requests = 0;
    do {
      const page = (await api.call("GET", `/guilds/${g}/roles/2/members?start_index=${next}&limit=2`)).json as { data: MemberJson[]; next: string };
      collected.push(...page.data.map((m) => m.user.id));
      next = page.next;
      requests++;
    } while (next !== "");
    expect(requests).toBe(2); // the bot and a, b, c: 4 admins, 2 a page
    expect(collected).toEqual([p.botUser.id, a, b, c]);
    expect((await api.call("DELETE", `/guilds/${g}/members/${b}/roles/2`)).status).toBe(204);
    expect(p.guilds.member(g, b!)).toMatchObject({ roles: ["1"] });
  });
});
