import type { CostUnit } from './read-run-folder';

/**
 * A cost in words with its unit: `2,093 µs`, `1.78 M MACs`, `55.3 k weights`.
 *
 * @example
 * formatCost(1783056, 'macs'); // '1.78 M MACs'
 */
export function formatCost(value: number, unit: CostUnit): string {
  if (unit === 'us') return `${Math.round(value).toLocaleString('en-US')} µs`;
  return `${formatCount(value)} ${unit === 'macs' ? 'MACs' : 'weights'}`;
}

/**
 * A count with an SI prefix and three significant digits: `974 k`, `1.78 M`.
 *
 * @example
 * formatCount(974976); // '975 k'
 */
export function formatCount(value: number): string {
  const [divisor, prefix] = value >= 1e9 ? [1e9, ' G'] : value >= 1e6 ? [1e6, ' M'] : value >= 1e3 ? [1e3, ' k'] : [1, ''];
  return `${Number((value / divisor).toPrecision(3))}${prefix}`;
}

/**
 * A fraction as a percentage with one decimal: `87.4 %`.
 *
 * @example
 * formatPercent(0.8743); // '87.4 %'
 */
export function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

/**
 * A duration in seconds, in seconds below two minutes and in minutes above: `48 s`, `5.6 min`.
 *
 * @example
 * formatDuration(336); // '5.6 min'
 */
export function formatDuration(seconds: number): string {
  return seconds < 120 ? `${Math.round(seconds)} s` : `${(seconds / 60).toFixed(1)} min`;
}
