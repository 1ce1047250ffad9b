/**
 * In-process mutual exclusion by key: calls with the same key run one after another, in call
 * order; a failing call does not stop the next one. The stores' local locks are built on it.
 */
export class SerialQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Run `fn` once every earlier call with `key` has settled; resolves or rejects as `fn` does. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
