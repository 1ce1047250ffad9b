import { configure } from "rxjs-marbles";
import { expect } from "vitest";

// rxjs-marbles has no vitest adapter: wire its assertions to vitest's `expect` once.
configure({
  assertDeepEqual: (a: unknown, e: unknown) => expect(a).toStrictEqual(e),
  frameworkMatcher: true,
});
