/**
 * A FIFO of values, each good for a number of uses: the shape of every "next N calls"
 * fault. `take()` hands out the head value and uses it up one time at a time.
 */
export class CountedQueue<T> {
  private items: { value: T; remaining: number }[] = [];

  /** Queue `value` for the next `times` uses (default 1; `Infinity` = until cleared). */
  push(value: T, times = 1): void {
    if (!(times === Infinity || (Number.isInteger(times) && times > 0))) {
      throw new RangeError(`fault count must be a positive integer or Infinity, got ${String(times)}`);
    }
    this.items.push({ value, remaining: times });
  }

  /**
   * Use the head value once (with `matches`: the first value that matches); `undefined` when
   * nothing (matching) is queued.
   */
  take(matches?: (value: T) => boolean): T | undefined {
    const index = matches ? this.items.findIndex((item) => matches(item.value)) : 0;
    const item = this.items[index];
    if (!item) return undefined;
    item.remaining -= 1;
    if (item.remaining <= 0) this.items.splice(index, 1);
    return item.value;
  }

  /** Values still queued. */
  get size(): number {
    return this.items.length;
  }

  /** Drop everything queued. */
  clear(): void {
    this.items = [];
  }
}
