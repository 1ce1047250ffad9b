/**
 * The `reconnect.heartbeatIntervalRangeMs` of the bots in tests and benchmarks: the simulators
 * there beat every second or faster, below the production floor of 1 s. Imports nothing, so
 * child-process scripts and benchmarks use it outside vitest too.
 *
 * @example
 * ```ts
 * createBot({ ...options, reconnect: { heartbeatIntervalRangeMs: TEST_HEARTBEAT_RANGE_MS } });
 * ```
 */
export const TEST_HEARTBEAT_RANGE_MS: readonly [number, number] = [50, 300_000];
