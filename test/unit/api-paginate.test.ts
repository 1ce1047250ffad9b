/**
 * The paging loop over a fake call: each style (cursor from the last item, from a page field,
 * cookie + end flag) asks for the next page only when pulled, stops on an empty page, an end
 * flag or a cursor seen before (a platform that repeats itself cannot spin it), and `pageItems`
 * drops repeated items by key.
 */
import { describe, expect, it } from "vitest";
import { pageItems, pages, type PageCall } from "../../src/api/paginate.js";
import type { Paging } from "../../src/protocol/endpoints/endpoint.js";

function fakeCall(answers: unknown[]): { call: PageCall; args: Array<Record<string, unknown>> } {
  const args: Array<Record<string, unknown>> = [];
  return {
    args,
    call: async (a) => {
      args.push(a);
      return answers[args.length - 1] ?? [];
    },
  };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const AFTER: Paging = { cursor: "after", limit: "limit", maxLimit: 400, next: { lastItem: ["user", "id"] }, key: ["user", "id"] };
const COOKIE: Paging = { cursor: "cookie", limit: "limit", maxLimit: 50, items: "users", next: { page: "cookie" }, end: "is_end", key: ["id"] };
const NEXT: Paging = { cursor: "start_index", limit: "limit", maxLimit: 400, items: "data", next: { page: "next" } };
const m = (id: string) => ({ user: { id } });

describe("pages / pageItems", () => {
  it("after-style: cursor from the last item, repeated items dropped, ends on an empty page", async () => {
    const { call, args } = fakeCall([[m("1"), m("2")], [m("2"), m("3")], []]);
    expect(await collect(pageItems(call, AFTER, { guild_id: "g", limit: 2 }))).toEqual([m("1"), m("2"), m("3")]);
    expect(args).toEqual([
      { guild_id: "g", after: undefined, limit: 2 },
      { guild_id: "g", after: "2", limit: 2 },
      { guild_id: "g", after: "3", limit: 2 },
    ]);
  });

  it("cookie-style: follows the cookie until is_end, with the largest limit by default", async () => {
    const { call, args } = fakeCall([{ users: [{ id: "a" }], cookie: "c1", is_end: false }, { users: [{ id: "b" }], cookie: "", is_end: true }, { users: [{ id: "never" }] }]);
    expect(await collect(pageItems(call, COOKIE))).toEqual([{ id: "a" }, { id: "b" }]);
    expect(args.map((a) => [a.cookie, a.limit])).toEqual([[undefined, 50], ["c1", 50]]);
  });

  it("next-style: stops when next repeats a cursor already used", async () => {
    const { call, args } = fakeCall([{ data: [m("1")], next: "1" }, { data: [m("2")], next: "1" }, { data: [m("3")], next: "9" }]);
    expect(await collect(pages(call, NEXT))).toHaveLength(2);
    expect(args.map((a) => a.start_index)).toEqual([undefined, "1"]);
  });

  it("stops on a next cursor that is missing or empty, and on a page that is not what the row says", async () => {
    expect(await collect(pages(fakeCall([{ data: [m("1")] }]).call, NEXT))).toHaveLength(1);
    expect(await collect(pages(fakeCall([{ data: [m("1")], next: "" }]).call, NEXT))).toHaveLength(1);
    expect(await collect(pageItems(fakeCall([{ unexpected: true }]).call, NEXT))).toEqual([]);
  });

  it("requests nothing until pulled, and no further page once the consumer stops", async () => {
    const { call, args } = fakeCall([[m("1"), m("2")], [m("3"), m("4")], [m("5")]]);
    const iterator = pageItems(call, AFTER, { limit: 2 });
    expect(args).toHaveLength(0);
    await iterator.next();
    await iterator.next();
    await iterator.next();
    await iterator.return(undefined);
    expect(args).toHaveLength(2);
  });
});
