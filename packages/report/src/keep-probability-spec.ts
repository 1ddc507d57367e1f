import type { TopLevelSpec } from 'vega-lite';
import { FIGURE_CONFIG } from './figure';

/** One cell of the block × epoch heatmap of a task's keep policy. */
export interface KeepCell {
  task: string;
  /** The searchable block's id (`s2.p4.1`). */
  block: string;
  /** Position of the block in the layout. */
  blockOrder: number;
  /** 1-based epoch. */
  epoch: number;
  /** π^t of the block after that epoch, 0–1. */
  p: number;
}

/**
 * FBNetV5's policies over the search: one block × epoch heatmap per task (side by side), each cell coloured by the
 * block's keep probability π^t (0 skip … 1 keep, diverging at 0.5) and, for up to 12 epochs, labelled with it.
 *
 * @example
 * keepOverEpochsSpec([{ task: 'box', block: 's1.p2.0', blockOrder: 0, epoch: 1, p: 0.5 }]);
 */
export function keepOverEpochsSpec(cells: readonly KeepCell[]): TopLevelSpec {
  const epochs = new Set(cells.map((c) => c.epoch)).size;
  const labelled = epochs <= 12;
  const layers: unknown[] = [{
    mark: { type: 'rect' },
    encoding: {
      color: { field: 'p', type: 'quantitative', title: 'π (keep)', scale: { domain: [0, 1], scheme: 'redblue', domainMid: 0.5 }, legend: { format: '.1f', gradientLength: 160 } },
      tooltip: [{ field: 'task' }, { field: 'block' }, { field: 'epoch' }, { field: 'p', title: 'π', format: '.3f' }],
    },
  }];
  if (labelled) {
    layers.push({
      mark: { type: 'text', fontSize: 10 },
      encoding: { text: { field: 'p', format: '.2f' }, color: { condition: { test: 'datum.p > 0.8 || datum.p < 0.2', value: 'white' }, value: '#222' } },
    });
  }
  // One layered heatmap per task, side by side (a facet would share the block axis, which differs between tasks).
  const tasks = [...new Set(cells.map((c) => c.task))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: cells.map((cell) => ({ ...cell })) },
    hconcat: tasks.map((task) => ({
      title: { text: task, fontSize: 13, fontWeight: 'normal' },
      transform: [{ filter: { field: 'task', equal: task } }],
      width: labelled ? { step: 36 } : Math.max(160, Math.min(480, epochs * 6)),
      height: { step: 20 },
      encoding: {
        y: { field: 'block', type: 'nominal', title: 'block', sort: { field: 'blockOrder', op: 'min' } },
        x: { field: 'epoch', type: 'ordinal', title: 'epoch', axis: { labelAngle: 0, ...(labelled ? {} : { labelExpr: 'datum.value % 10 === 0 ? datum.label : ""' }) } },
      },
      layer: layers,
    })),
    config: FIGURE_CONFIG,
  } as TopLevelSpec;
}
