/** Small statistics and formatting helpers for the benchmark output. */

/** The `p`-th percentile (0–100) of `values`, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The median. */
export const median = (values: readonly number[]): number => percentile(values, 50);

/** Round to `digits` decimals. */
export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** `1234567` → `"1 234 567"`. */
export function thousands(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

/** Bytes → MB (10^6 bytes) with 2 decimals, as a number for the results. */
export const mbOf = (bytes: number): number => Math.round(bytes / 1e4) / 100;

/** Bytes → `"12.3 MB"` (MB = 10^6 bytes, signed). */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

