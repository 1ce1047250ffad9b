/**
 * A per-file stack of teardown steps: helpers register what they started with
 * {@link onCleanup}, and `afterEach(runCleanups)` undoes it newest first (a bot closes before
 * the simulator it talks to).
 */

const cleanups: Array<() => Promise<void> | void> = [];

/** Run `fn` at the next {@link runCleanups}. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

/** Run every registered step, newest first, and forget them (use in `afterEach`). */
export async function runCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}
