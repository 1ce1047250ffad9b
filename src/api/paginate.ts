/**
 * Paging over a list endpoint on demand, from the row's {@link Paging} data: each page is
 * requested only when the loop asks for it. Three styles, one loop: a cursor taken from the
 * last item (`after` = last `user.id`, until an empty page), from a page field (`next`), or a
 * cookie with an end flag (`cookie` + `is_end`). A cursor seen before ends the loop, so a
 * platform that repeats itself cannot spin it forever.
 */
import type { Paging } from "../protocol/endpoints/endpoint.js";

/** Makes one request with these arguments. */
export type PageCall = (args: Record<string, unknown>) => Promise<unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Follow `path` (field names) into `value`. */
function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return current;
}

/** The items of a page (`[]` when the page has none or is not what the row says). */
export function itemsOf(page: unknown, paging: Paging): unknown[] {
  const items = paging.items === undefined ? page : at(page, [paging.items]);
  return Array.isArray(items) ? items : [];
}

function nextCursor(page: unknown, items: unknown[], paging: Paging): unknown {
  if ("page" in paging.next) return at(page, [paging.next.page]);
  return items.length ? at(items[items.length - 1], paging.next.lastItem) : undefined;
}

/** Every page, one request per page pulled. `args` give the first cursor and the page size. */
export async function* pages(call: PageCall, paging: Paging, args: Record<string, unknown> = {}): AsyncGenerator<unknown> {
  const seen = new Set<string>();
  let cursor = args[paging.cursor];
  const limit = args[paging.limit] ?? paging.maxLimit;
  for (;;) {
    const page = await call({ ...args, [paging.cursor]: cursor, [paging.limit]: limit });
    yield page;
    const items = itemsOf(page, paging);
    const end = paging.end === undefined ? undefined : at(page, [paging.end]);
    if (items.length === 0 || end === true || end === 1) return;
    const next = nextCursor(page, items, paging);
    if ((typeof next !== "string" && typeof next !== "number") || next === "" || seen.has(String(next)) || String(next) === String(cursor)) return;
    seen.add(String(next));
    cursor = next;
  }
}

/** Every item of every page, pages pulled on demand; an item whose key was seen is dropped. */
export async function* pageItems(call: PageCall, paging: Paging, args: Record<string, unknown> = {}): AsyncGenerator<unknown> {
  const keys = new Set<string>();
  for await (const page of pages(call, paging, args)) {
    for (const item of itemsOf(page, paging)) {
      const key = paging.key === undefined ? undefined : at(item, paging.key);
      if (key !== undefined) {
        if (keys.has(String(key))) continue;
        keys.add(String(key));
      }
      yield item;
    }
  }
}
