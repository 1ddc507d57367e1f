// Channel layouts: which channels of a widest tensor are live, as a string key (`0-8,16-24`).

/**
 * The live channels of a tensor, as sorted runs `start-end` (end exclusive) joined by commas.
 *
 * @example
 * channelLayout([[0, 8], [16, 24]]); // '0-8,16-24'
 */
export function channelLayout(runs: readonly (readonly [number, number])[]): string {
  return runs.filter(([a, b]) => b > a).map(([a, b]) => `${a}-${b}`).join(',');
}

/** The runs of a layout key. */
export function layoutRuns(layout: string): [number, number][] {
  if (layout === '') return [];
  return layout.split(',').map((run) => run.split('-').map(Number) as [number, number]);
}

const prefixes = new Map<number, string>();

/** The layout of the first `width` channels (cached). */
export function prefixLayout(width: number): string {
  let layout = prefixes.get(width);
  if (layout === undefined) {
    layout = channelLayout([[0, width]]);
    prefixes.set(width, layout);
  }
  return layout;
}
