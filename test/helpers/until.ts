/**
 * Poll a synchronous condition every 5 ms until it holds, for state that no event announces
 * (a server that stopped listening, a callback counter); fails after `timeoutMs`.
 */

/** Resolve once `check()` is true; reject with "condition not met in time" after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
