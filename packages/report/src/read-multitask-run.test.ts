import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, editJson, fixtureDir } from './__fixtures__/fixture-folders';
import { keepOverEpochsSpec } from './keep-probability-spec';
import { multitaskSections } from './multitask-sections';
import { readMultitaskRun } from './read-multitask-run';

describe('readMultitaskRun', () => {
  it('reads an fbnas multitask search: tasks with budgets, blocks with the tasks they reach, log and result', async () => {
    const dir = fixtureDir('multitask-search');
    const run = await readMultitaskRun(dir);
    expect(run).toMatchObject({ kind: 'multitask', layout: 'fbnetv5-micro', epochs: 3, warmupEpochs: 1, seed: 0, data: { count: 256 } });
    expect(run.tasks.map((t) => t.task)).toEqual(['classification', 'segmentation', 'box']);
    expect(run.blocks).toHaveLength(10);
    expect(run.blocks[9]).toEqual({ id: 's3.p4.0', tasks: ['segmentation'], run: 's3.p4' });
    expect(run.blocks[6]!.tasks).toEqual(['classification', 'box']);
    expect(run.log.map((l) => l.epoch)).toEqual([0, 1, 2]);
    // The warm-up epoch leaves every policy at 0.5.
    expect(run.log[0]!.keep.box).toEqual(new Array(10).fill(0.5));
    const result = JSON.parse(await readFile(join(dir, 'search-result.json'), 'utf8')) as { tasks: { task: string; architecture: number[]; macs: number }[] };
    expect(run.result).toEqual(result.tasks.map(({ task, architecture, macs }) => ({ task, architecture, macs })));
  });

  it('names blocks from search-result.json in a folder whose config.json does not describe them, and “block k” in an unfinished one', async () => {
    const dir = await copyFixture('multitask-search');
    await editJson(join(dir, 'config.json'), (c) => delete c.blocks);
    expect((await readMultitaskRun(dir)).blocks.map((b) => b.id).slice(0, 2)).toEqual(['s1.p2.0', 's1.p2.1']);
    await rm(join(dir, 'search-result.json'));
    const unfinished = await readMultitaskRun(dir);
    expect(unfinished.blocks[0]).toEqual({ id: 'block 1' });
    expect(unfinished.result).toBeUndefined();
  });

  it('names the file, line and field of a bad log line or config', async () => {
    const dir = await copyFixture('multitask-search');
    const log = join(dir, 'log.jsonl');
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    const second = JSON.parse(lines[1]!) as { keep: Record<string, number[]> };
    await writeFile(log, [lines[0], JSON.stringify({ ...second, keep: { ...second.keep, box: [...second.keep.box!.slice(0, 9), 1.5] } })].join('\n'));
    await expect(readMultitaskRun(dir)).rejects.toThrow(`${log}: line 2: keep.box[9]: expected a probability from 0 to 1, got 1.5`);
    await writeFile(log, [lines[0], JSON.stringify({ ...second, keep: { ...second.keep, box: [0.5] } })].join('\n'));
    await expect(readMultitaskRun(dir)).rejects.toThrow(`${log}: line 2: keep.box: expected 10 keep probabilities (one per searchable block), got 1`);
    await editJson(join(dir, 'config.json'), (c) => ((c.multitaskSearch as { tasks: unknown[] }).tasks[1] = { task: 'segmentation', weight: 1 }));
    await expect(readMultitaskRun(dir)).rejects.toThrow(/config\.json: multitaskSearch\.tasks\[1\]\.targetMacs: expected a finite number ≥ 0, got nothing/);
  });
});

describe('multitaskSections', () => {
  it('tables each task\'s architecture as search-result.json has it, and plots only the blocks that reach each head', async () => {
    const run = await readMultitaskRun(fixtureDir('multitask-search'));
    const sections = multitaskSections(run);
    expect(sections.map((s) => s.heading)).toEqual(['Summary', 'Task architectures', 'Policies and losses']);
    const table = sections[1]!.tables[0]!;
    expect(table.columns[1]).toBe('network');
    for (const [t, { task, targetMacs }] of run.tasks.entries()) {
      const result = run.result!.find((r) => r.task === task)!;
      // How many blocks of each run reaching the task's head its architecture keeps, by hand.
      const runs = [...new Set(run.blocks.filter((b) => b.tasks!.includes(task)).map((b) => b.run!))];
      const network = runs.map((name) => `${name}×${run.blocks.filter((b, i) => b.run === name && result.architecture[i] === 1).length}`).join(' ');
      expect(table.rows[t]).toEqual([task, network, expect.stringContaining('M MACs'), expect.stringContaining('M MACs'), (result.macs / targetMacs).toFixed(2)]);
    }
    expect(table.rows[1]![1]).toMatch(/^s1\.p2×\d s2\.p4×\d s2\.p2×\d s3\.p4×\d$/);
    // Without the runs (an older folder), the kept blocks' ids.
    const older = multitaskSections({ ...run, blocks: run.blocks.map(({ id, tasks }) => ({ id, tasks: tasks! })) });
    const ids = run.blocks.filter((b, i) => run.result![0]!.architecture[i] === 1 && b.tasks!.includes('classification')).map((b) => b.id).join(' ');
    expect(older[1]!.tables[0]!.rows[0]![1]).toBe(ids);
    const keep = sections[2]!.figures[0]!;
    expect(keep.id).toBe('multitask-keep');
    const cells = (keep.spec as { data: { values: { task: string; block: string }[] } }).data.values;
    // 9 blocks reach classification and box, 7 reach segmentation; 3 epochs.
    expect(cells.filter((c) => c.task === 'classification')).toHaveLength(27);
    expect(cells.filter((c) => c.task === 'segmentation')).toHaveLength(21);
    expect(cells.some((c) => c.task === 'segmentation' && c.block.startsWith('s3.p8'))).toBe(false);
  });

  it('plots the held-out losses of a search with a policy split beside the weights\' losses; a bad one names its line and field', async () => {
    const dir = await copyFixture('multitask-search');
    const log = join(dir, 'log.jsonl');
    const lines = (await readFile(log, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { epoch: number; heldOutLosses?: Record<string, number> });
    // After the warm-up epoch only, as runMultitaskSearch writes them.
    const withHeldOut = lines.map((l) => (l.epoch === 0 ? l : { ...l, heldOutLosses: { classification: 1 + l.epoch, segmentation: 0.5, box: 0.1 } }));
    await writeFile(log, withHeldOut.map((l) => JSON.stringify(l)).join('\n'));
    const run = await readMultitaskRun(dir);
    expect(run.log.map((l) => l.heldOutLosses?.classification)).toEqual([undefined, 2, 3]);
    const chart = multitaskSections(run)[2]!.figures.find((f) => f.id === 'multitask-loss-classification')!;
    const pointsOf = (spec: unknown) => (spec as { layer: { data: { values: { series: string; epoch: number; value: number }[] } }[] }).layer[0]!.data.values;
    const points = pointsOf(chart.spec);
    expect(points.filter((p) => p.series === 'classification, held out').map((p) => [p.epoch, p.value])).toEqual([[2, 2], [3, 3]]);
    expect(points.filter((p) => p.series === 'classification')).toHaveLength(3);
    expect(chart.caption).toContain('held-out images');
    // A search without a split keeps one series and the earlier caption.
    const plain = multitaskSections(await readMultitaskRun(fixtureDir('multitask-search')))[2]!.figures.find((f) => f.id === 'multitask-loss-classification')!;
    expect(new Set(pointsOf(plain.spec).map((p) => p.series))).toEqual(new Set(['classification']));
    expect(plain.caption).not.toContain('held-out');
    await writeFile(log, [lines[0], { ...withHeldOut[1], heldOutLosses: { box: 'low' } }].map((l) => JSON.stringify(l)).join('\n'));
    await expect(readMultitaskRun(dir)).rejects.toThrow(`${log}: line 2: heldOutLosses.box`);
  });

  it('keepOverEpochsSpec labels cells only up to 12 epochs', () => {
    const cells = (epochs: number) => Array.from({ length: epochs }, (_, e) => ({ task: 'box', block: 'b', blockOrder: 0, epoch: e + 1, p: 0.5 }));
    const layers = (n: number) => ((keepOverEpochsSpec(cells(n)) as { hconcat: { layer: unknown[] }[] }).hconcat[0]!.layer).length;
    expect(layers(12)).toBe(2);
    expect(layers(13)).toBe(1);
  });
});
