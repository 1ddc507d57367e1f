import type { LatencyStat } from './latency-table';
import { median, percentile, standardDeviation } from './statistics';

/**
 * Summarizes timed runs into a table statistic, optionally less a constant overhead (clamped at 0).
 *
 * @param times - timed runs (µs).
 * @param overhead - subtracted from the median and the 90th percentile (µs; default 0).
 * @example
 * summarize([100, 110, 120], 'conv-in:28x28x1-…'); // { median: 110, p90: 118, std: 10, count: 3, key: '…' }
 */
export function summarize(times: readonly number[], key: string, overhead = 0): LatencyStat {
  return {
    median: Math.max(0, median(times) - overhead),
    p90: Math.max(0, percentile(times, 90) - overhead),
    std: standardDeviation(times),
    count: times.length,
    key,
  };
}
