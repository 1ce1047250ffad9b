/**
 * Poll a synchronous condition every 5 ms until it holds, for state that no event announces
 * (a server that stopped listening, a callback counter); fails after `timeoutMs`.
 */

/** Resolve once `check()` is true; reject naming `what` after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 10_000, what = `${check}`): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
