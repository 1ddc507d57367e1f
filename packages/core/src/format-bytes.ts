/**
 * A byte count for messages, in binary units: `536870912` → `512 MiB`, `1536` → `1.5 KiB`, `100` → `100 bytes`.
 *
 * @example
 * `more than the limit of ${limit} bytes (${formatBytes(limit)})`
 */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toFixed(2))} ${units[unit]}`;
}
