import type { TopLevelSpec } from 'vega-lite';
import { FIGURE_CONFIG } from './figure';

/** softmax(θ) of every layer (choice row): layer → candidate → probability, candidates in their θ order. */
export type LayerProbabilities = Record<string, Record<string, number>>;

/** One cell of a probability heatmap. */
export interface ProbabilityCell {
  /** Layer id or choice row (`c24_0`, `s2_1.channels`). */
  layer: string;
  /** Position of the layer in the network. */
  layerOrder: number;
  /** The candidate's column: its name when every row has the same candidates, `option k` otherwise. */
  column: string;
  /** Position of the column. */
  columnOrder: number;
  /** The candidate's name. */
  candidate: string;
  /** Probability under softmax(θ), 0–1. */
  p: number;
  /** Whether this is the row's most probable candidate. */
  argmax: boolean;
  /** 1-based epoch the probabilities are from. */
  epoch: number;
}

/**
 * The cells of a layer × candidate heatmap for one epoch. When all rows share one candidate list (DNAS) the columns
 * are the candidates; otherwise (DMaskingNAS rows: resolutions, widths, ops, expansions) they are `option 1…n` in
 * θ's order and each cell is labelled with its candidate. `argmax` (the run's own, layer → candidate) marks the
 * chosen cells; without it, the first most probable candidate of each row.
 *
 * @example
 * probabilityCells({ c16_0: { k3_e1: 0.7, skip: 0.3 } }, 3)[0]; // { layer: 'c16_0', column: 'k3_e1', p: 0.7, argmax: true, epoch: 3, … }
 */
export function probabilityCells(probabilities: LayerProbabilities, epoch: number, argmax: Record<string, string> = {}): ProbabilityCell[] {
  const rows = Object.entries(probabilities);
  const first = JSON.stringify(Object.keys(rows[0]?.[1] ?? {}));
  const uniform = rows.every(([, candidates]) => JSON.stringify(Object.keys(candidates)) === first);
  return rows.flatMap(([layer, candidates], layerOrder) => {
    const best = Math.max(...Object.values(candidates));
    let argmaxTaken = false;
    return Object.entries(candidates).map(([candidate, p], columnOrder) => {
      const chosen = layer in argmax ? argmax[layer] === candidate : !argmaxTaken && p === best;
      argmaxTaken ||= chosen;
      return { layer, layerOrder, column: uniform ? candidate : `option ${columnOrder + 1}`, columnOrder, candidate, p, argmax: chosen, epoch };
    });
  });
}

/**
 * A layer × candidate heatmap of softmax(θ): colour from 0 to 1, each cell labelled with its probability (and
 * its candidate when the columns are `option k`), the row's argmax outlined.
 *
 * @example
 * probabilityHeatmapSpec(probabilityCells(lastLog.probabilities, lastLog.epoch + 1));
 */
export function probabilityHeatmapSpec(cells: readonly ProbabilityCell[]): TopLevelSpec {
  const named = cells.some((cell) => cell.column !== cell.candidate);
  const columns = new Set(cells.map((c) => c.column)).size;
  const encoding = {
    y: { field: 'layer', type: 'nominal', title: 'layer', sort: { field: 'layerOrder', op: 'min' } },
    x: { field: 'column', type: 'nominal', title: named ? 'option (θ order)' : 'candidate', sort: { field: 'columnOrder', op: 'min' }, axis: { labelAngle: named ? 0 : -30 } },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: cells.map((cell) => ({ ...cell, text: named ? `${cell.candidate}: ${cell.p.toFixed(2)}` : cell.p.toFixed(2) })) },
    width: Math.max(240, columns * (named ? 88 : 62)),
    height: { step: 24 },
    encoding,
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: { field: 'p', type: 'quantitative', title: 'p', scale: { domain: [0, 1], scheme: 'blues' }, legend: { format: '.1f', gradientLength: 160 } },
          tooltip: [{ field: 'layer' }, { field: 'candidate' }, { field: 'p', format: '.3f' }],
        },
      },
      { transform: [{ filter: 'datum.argmax' }], mark: { type: 'rect', fill: null, stroke: '#d62728', strokeWidth: 2.5 } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: { text: { field: 'text' }, color: { condition: { test: 'datum.p > 0.55', value: 'white' }, value: '#222' } },
      },
    ],
    config: FIGURE_CONFIG,
  } as TopLevelSpec;
}

/**
 * Small multiples of the layer × candidate heatmap at several epochs (colour only, from 0 to 1).
 *
 * @param cells - cells of several epochs (`probabilityCells` of each).
 * @example
 * probabilityFacetSpec(pickEpochs(log, 6).flatMap((line) => probabilityCells(line.probabilities, line.epoch + 1)));
 */
export function probabilityFacetSpec(cells: readonly ProbabilityCell[]): TopLevelSpec {
  const named = cells.some((cell) => cell.column !== cell.candidate);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: cells.map((cell) => ({ ...cell })) },
    facet: { field: 'epoch', type: 'ordinal', title: null, header: { labelExpr: "'epoch ' + datum.value", labelFontSize: 13 } },
    columns: 3,
    spec: {
      width: { step: named ? 24 : 22 },
      height: { step: named ? 14 : 18 },
      mark: { type: 'rect' },
      encoding: {
        y: { field: 'layer', type: 'nominal', title: 'layer', sort: { field: 'layerOrder', op: 'min' }, axis: { labelFontSize: 10 } },
        x: { field: 'column', type: 'nominal', title: named ? 'option' : 'candidate', sort: { field: 'columnOrder', op: 'min' }, axis: { labelFontSize: 10, labelAngle: -45 } },
        color: { field: 'p', type: 'quantitative', title: 'p', scale: { domain: [0, 1], scheme: 'blues' }, legend: { format: '.1f' } },
        tooltip: [{ field: 'epoch' }, { field: 'layer' }, { field: 'candidate' }, { field: 'p', format: '.3f' }],
      },
    },
    resolve: { axis: { x: 'independent', y: 'independent' } },
    config: FIGURE_CONFIG,
  } as TopLevelSpec;
}

/** One cell of the layer × epoch heatmap. */
export interface ArgmaxCell {
  layer: string;
  layerOrder: number;
  /** 1-based epoch. */
  epoch: number;
  /** The row's most probable candidate at that epoch. */
  candidate: string;
  /** Its probability, 0–1. */
  p: number;
}

/**
 * The layer × epoch heatmap of θ: each cell coloured by the probability of the layer's most probable candidate
 * (0–1: how decided the layer is) and, for up to 12 epochs, labelled with that candidate.
 *
 * @example
 * argmaxOverEpochsSpec(log.flatMap((line) => argmaxCells(line.probabilities, line.epoch + 1)));
 */
export function argmaxOverEpochsSpec(cells: readonly ArgmaxCell[]): TopLevelSpec {
  const epochs = new Set(cells.map((c) => c.epoch)).size;
  const labelled = epochs <= 12;
  const layers: unknown[] = [
    {
      mark: { type: 'rect' },
      encoding: {
        color: { field: 'p', type: 'quantitative', title: 'max p', scale: { domain: [0, 1], scheme: 'viridis' }, legend: { format: '.1f', gradientLength: 160 } },
        tooltip: [{ field: 'layer' }, { field: 'epoch' }, { field: 'candidate' }, { field: 'p', format: '.3f' }],
      },
    },
  ];
  if (labelled) {
    layers.push({
      mark: { type: 'text', fontSize: 10 },
      encoding: { text: { field: 'candidate' }, color: { condition: { test: 'datum.p > 0.6', value: '#222' }, value: 'white' } },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: cells.map((cell) => ({ ...cell })) },
    width: labelled ? { step: 72 } : Math.max(240, Math.min(720, epochs * 8)),
    height: { step: 22 },
    encoding: {
      y: { field: 'layer', type: 'nominal', title: 'layer', sort: { field: 'layerOrder', op: 'min' } },
      x: { field: 'epoch', type: 'ordinal', title: 'epoch', axis: { labelAngle: 0, ...(labelled ? {} : { labelExpr: 'datum.value % 10 === 0 ? datum.label : ""' }) } },
    },
    layer: layers,
    config: FIGURE_CONFIG,
  } as TopLevelSpec;
}

/**
 * The most probable candidate of every row, with its probability and position; `argmax` (the run's own, layer →
 * candidate) settles ties as the run did.
 *
 * @example
 * argmaxCells({ c16_0: { k3_e1: 0.2, skip: 0.8 } }, 1); // [{ layer: 'c16_0', layerOrder: 0, epoch: 1, candidate: 'skip', p: 0.8 }]
 */
export function argmaxCells(probabilities: LayerProbabilities, epoch: number, argmax: Record<string, string> = {}): ArgmaxCell[] {
  return Object.entries(probabilities).map(([layer, candidates], layerOrder) => {
    let candidate = '';
    let p = -Infinity;
    for (const [name, value] of Object.entries(candidates)) {
      if (value > p) [candidate, p] = [name, value];
    }
    const chosen = argmax[layer];
    if (chosen !== undefined && candidates[chosen] !== undefined) [candidate, p] = [chosen, candidates[chosen]];
    return { layer, layerOrder, epoch, candidate, p };
  });
}

/**
 * Up to `count` entries of `items`, evenly spaced, always with the first and the last.
 *
 * @example
 * evenlySpaced([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4); // [0, 3, 6, 9]
 */
export function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  if (count <= 1) return items.length ? [items[items.length - 1]!] : [];
  const indices = new Set(Array.from({ length: count }, (_, k) => Math.round((k * (items.length - 1)) / (count - 1))));
  return [...indices].map((index) => items[index]!);
}
