/**
 * docs/api.md lists every endpoint of the table as it is (method, path, `bot.api` name, peers,
 * source): the block between its markers equals what scripts/api-table.ts generates from
 * src/protocol/endpoints. Regenerate with `npx tsx scripts/api-table.ts`.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { endpointTable, withTable } from "../../scripts/api-table.js";
import { ENDPOINTS } from "../../src/protocol/endpoints/index.js";

describe("docs/api.md", () => {
  it("holds the current endpoint table: one line per endpoint", async () => {
    const markdown = await readFile(new URL("../../docs/api.md", import.meta.url), "utf8");
    expect(withTable(markdown)).toBe(markdown);
    const rows = Object.values(ENDPOINTS).reduce((n, area) => n + Object.keys(area).length, 0);
    expect(endpointTable().split("\n")).toHaveLength(rows + 2);
    for (const [area, table] of Object.entries(ENDPOINTS)) {
      for (const [name, spec] of Object.entries(table)) {
        expect(markdown).toContain(`\`${area}.${name}\``);
        expect(markdown).toContain(`\`${spec.path}\``);
      }
    }
  });
});
