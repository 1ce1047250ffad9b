/**
 * Wall-clock milliseconds (sub-ms precision) comparable across worker threads of one
 * process: `performance.timeOrigin` differs per thread, `timeOrigin + now()` does not.
 */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Microseconds on CLOCK_MONOTONIC, which every process on a Linux machine shares. */
export function monoUs(): number {
  return Number(process.hrtime.bigint()) / 1000;
}

/** Resolve after `ms` (benchmarks and soak drivers only; never library logic). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reject with `what` when `promise` does not settle within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
