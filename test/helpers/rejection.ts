/**
 * The error a promise rejects with, for tests that inspect it; a promise that resolves
 * instead fails the test.
 *
 * @example
 * ```ts
 * const err = await rejection<QQApiError>(rest.request("GET", "/html"));
 * expect(err.status).toBe(200);
 * ```
 */
export async function rejection<E = Error>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (err) {
    return err as E;
  }
  throw new Error("expected a rejection");
}
