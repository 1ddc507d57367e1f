import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, demoFolder, editJson, fixtureDir, temporaryDir } from './__fixtures__/fixture-folders';
import { readRunFolder } from './read-run-folder';
import { detectRunKind } from './run-folder-kind';

describe('detectRunKind', () => {
  it('tells each kind from its files', async () => {
    expect(await detectRunKind(fixtureDir('dnas-search'))).toBe('search');
    expect(await detectRunKind(fixtureDir('mask-search'))).toBe('mask-search');
    expect(await detectRunKind(fixtureDir('train'))).toBe('train');
    expect(await detectRunKind(fixtureDir('experiment'))).toBe('experiment');
    expect(await detectRunKind(fixtureDir('nars-run'))).toBe('nars');
    expect(await detectRunKind(fixtureDir('multitask-search'))).toBe('multitask');
    expect(await detectRunKind(await demoFolder())).toBe('demo');
  });

  it('names what each kind needs when a folder is none of them', async () => {
    const dir = await temporaryDir();
    await expect(detectRunKind(dir)).rejects.toThrow(`${dir}: not a run folder: expected config.json with "search" and log.jsonl (search), or config.json with "kind": "dmasking" and log.jsonl (mask-search), or config.json with "train" and train-log.jsonl (train), or experiment.json (experiment), or search/`);
    await expect(detectRunKind(dir)).rejects.toThrow('or config.json with "nars" and candidates.jsonl (nars)');
    await expect(detectRunKind(join(dir, 'missing'))).rejects.toThrow(`${join(dir, 'missing')}: no such folder`);
    await writeFile(join(dir, 'config.json'), '{"zoo": 1}');
    await expect(detectRunKind(dir)).rejects.toThrow(`${join(dir, 'config.json')}: expected a run configuration with "search" (a search), "resolutionPick" (a search picking the resolution by training), "train" (a train run), "nars" (a NARS run) or "multitaskSearch" (an FBNetV5 search), got keys zoo`);
    await writeFile(join(dir, 'config.json'), '{');
    await expect(detectRunKind(dir)).rejects.toThrow(`${join(dir, 'config.json')}: not valid JSON`);
  });
});

describe('readRunFolder', () => {
  it('reads an fbnas nars run: candidates, budget and the early-stop epoch; names a bad line', async () => {
    const run = await readRunFolder(fixtureDir('nars-run'));
    if (run.kind !== 'nars') throw new Error(run.kind);
    expect(run.space).toBe('nars-micro-28');
    expect(run.constraints).toEqual({ maxMacs: 1_500_000 });
    expect(run.candidates.map((c) => c.iteration)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(run.earlyStop?.epoch).toBe(5);
    expect(run.earlyStop?.correlations[4]).toBeGreaterThanOrEqual(0.92);
    expect(run.candidates[4]).toMatchObject({ id: 4, recipe: { optimizer: 'sgd' } });
    // The picks' predicted accuracies (the first batch has none) and the evolved Pareto set.
    expect(run.candidates.map((c) => c.predicted === undefined)).toEqual([true, true, true, true, true, true, false, false, false, false, false, false]);
    expect(run.evolved?.map((p) => [p.maxMacs, p.onFront])).toEqual([[400_000, true], [700_000, true], [1_000_000, false], [1_300_000, true], [1_500_000, true]]);
    const dir = await copyFixture('nars-run');
    await appendFile(join(dir, 'candidates.jsonl'), '{"id": 99, "iteration": 3, "macs": 1, "params": 1, "accuracies": [1.5], "sample": {"recipe": {"optimizer": "sgd", "learningRate": 0.1}}}\n');
    await expect(readRunFolder(dir)).rejects.toThrow(/candidates\.jsonl: line 13: .*accuracies\[0\].*an accuracy from 0 to 1, got 1\.5/);
    const evolvedDir = await copyFixture('nars-run');
    await writeFile(join(evolvedDir, 'evolved.json'), '{"pairs": [{"maxMacs": 1, "macs": 1, "predicted": 0.5, "onFront": "yes"}]}');
    await expect(readRunFolder(evolvedDir)).rejects.toThrow(/evolved\.json.*pairs\[0\]\.onFront.*true or false/);
  });

  it('reads a DNAS search with its latency table', async () => {
    const run = await readRunFolder(fixtureDir('dnas-search'));
    if (run.kind !== 'search') throw new Error(run.kind);
    expect(run.setting).toMatchObject({ name: 'fbnet-micro-28', epochs: 2, data: 'embedded, 200 training images', seed: 0 });
    expect(run.costUnit).toBe('us');
    expect(run.log.map((line) => line.epoch)).toEqual([0, 1]);
    expect(run.latency?.layers.c16_0?.k3_e1).toBeGreaterThan(0);
    expect(run.architectures?.[0]?.name).toBe('argmax');
    expect(run.architecture?.name).toBe('fbnet-micro-28-argmax');
  });

  it('reads a DMaskingNAS search with its target and derived counts', async () => {
    const run = await readRunFolder(fixtureDir('mask-search'));
    if (run.kind !== 'mask-search') throw new Error(run.kind);
    expect(run.costUnit).toBe('macs');
    expect(run.target).toBe(600000);
    expect(run.log[1]?.argmaxMacs).toBe(run.derived?.macs);
  });

  it('reads a --pick-resolution train folder as its picked search with the comparison; names a missing or bad pick file', async () => {
    const dir = await temporaryDir();
    await writeFile(join(dir, 'config.json'), JSON.stringify({ resolutionPick: { epochs: 1 }, space: { name: 'fbnetv2-micro-28' } }));
    await copyFixture('mask-search', join(dir, 'resolution-28'));
    expect(await detectRunKind(dir)).toBe('mask-search');
    await expect(readRunFolder(dir)).rejects.toThrow(`${join(dir, 'resolution-pick.json')}: missing: the resolution pick has not finished`);
    const derived = JSON.parse(await readFile(join(dir, 'resolution-28', 'derived.json'), 'utf8')) as { description: string; macs: number };
    const candidate = (resolution: number, validationAccuracy: number) => ({
      resolution, folder: join(dir, `resolution-${resolution}`), derived, validationAccuracy, testAccuracy: 0.5, measuredLatencyUs: 300,
    });
    await writeFile(join(dir, 'resolution-pick.json'), JSON.stringify({ picked: 28, pick: { epochs: 1 }, candidates: [candidate(28, 0.625), candidate(14, 0.5)] }));
    const run = await readRunFolder(dir);
    if (run.kind !== 'mask-search') throw new Error(run.kind);
    expect(run.dir).toBe(join(dir, 'resolution-28'));
    expect(run.target).toBe(600000);
    expect(run.resolutionPick).toEqual({
      picked: 28, epochs: 1,
      candidates: [
        { resolution: 28, description: derived.description, macs: derived.macs, validationAccuracy: 0.625, testAccuracy: 0.5, measuredLatencyUs: 300 },
        { resolution: 14, description: derived.description, macs: derived.macs, validationAccuracy: 0.5, testAccuracy: 0.5, measuredLatencyUs: 300 },
      ],
    });
    await editJson(join(dir, 'resolution-pick.json'), (value) => {
      value.picked = 21;
    });
    await expect(readRunFolder(dir)).rejects.toThrow(`${join(dir, 'resolution-pick.json')}: picked: expected one of the candidates' resolutions (28, 14)`);
    await editJson(join(dir, 'resolution-pick.json'), (value) => {
      value.picked = 28;
      (value.candidates as Record<string, unknown>[])[1]!.validationAccuracy = 2;
    });
    await expect(readRunFolder(dir)).rejects.toThrow(`${join(dir, 'resolution-pick.json')}: candidates[1].validationAccuracy: expected a finite number from 0 to 1, got 2`);
  });

  it('reads a --pick-architecture train comparison beside a DNAS search; names a bad pick file', async () => {
    const dir = await copyFixture('dnas-search');
    const [argmax] = JSON.parse(await readFile(join(dir, 'architectures.json'), 'utf8')) as { name: string; sample: Record<string, string>; predictedCost: number }[];
    const architectures = [argmax!, { ...argmax!, name: 'sample-1', predictedCost: argmax!.predictedCost * 0.9 }];
    const candidate = (derived: (typeof architectures)[number], validationAccuracy: number) => ({
      derived, folder: join(dir, 'pick', derived.name), validationAccuracy, objective: (1 - validationAccuracy) * 0.5, testAccuracy: 0.5, measuredLatencyUs: 300,
    });
    const pick = { picked: architectures[1]!.name, pick: { epochs: 2 }, candidates: [candidate(architectures[0]!, 0.5), candidate(architectures[1]!, 0.75)] };
    await mkdir(join(dir, 'pick'));
    await writeFile(join(dir, 'pick', 'architecture-pick.json'), JSON.stringify(pick));
    const run = await readRunFolder(dir);
    if (run.kind !== 'search') throw new Error(run.kind);
    expect(run.architecturePick).toEqual({
      picked: architectures[1]!.name, epochs: 2,
      candidates: [architectures[0]!, architectures[1]!].map((a, i) => ({
        name: a.name, ops: Object.values(a.sample), predictedCost: a.predictedCost, validationAccuracy: [0.5, 0.75][i], objective: (1 - [0.5, 0.75][i]!) * 0.5, testAccuracy: 0.5, measuredLatencyUs: 300,
      })),
    });
    await editJson(join(dir, 'pick', 'architecture-pick.json'), (value) => {
      value.picked = 'sample-9';
    });
    await expect(readRunFolder(dir)).rejects.toThrow(`${join(dir, 'pick', 'architecture-pick.json')}: picked: expected one of the candidates' names (${architectures[0]!.name}, ${architectures[1]!.name})`);
  });

  it('reads a train run and a demo folder', async () => {
    const train = await readRunFolder(fixtureDir('train'));
    expect(train).toMatchObject({ kind: 'train', setting: { name: 'fbnet-micro-28-argmax', epochs: 2 }, result: { testAccuracy: 0.1 } });
    const demo = await readRunFolder(await demoFolder());
    expect(demo.kind === 'demo' && demo.search.kind === 'search' && demo.train?.kind === 'train').toBe(true);
  });

  it('reads the older config of docs/results (costTable instead of inputs.cost)', async () => {
    const dir = await copyFixture('dnas-search');
    await editJson(join(dir, 'config.json'), (config) => {
      delete config.inputs;
      config.costTable = { unit: 'macs' };
    });
    expect(await readRunFolder(dir)).toMatchObject({ costUnit: 'macs' });
  });

  it('drops a torn last log line (an interrupted write) but refuses a broken one in the middle', async () => {
    const dir = await copyFixture('dnas-search');
    await appendFile(join(dir, 'log.jsonl'), '{"epoch":2,"temp');
    expect((await readRunFolder(dir)).kind === 'search').toBe(true);
    await appendFile(join(dir, 'log.jsonl'), '\n{"epoch":3}\n');
    await expect(readRunFolder(dir)).rejects.toThrow(`${join(dir, 'log.jsonl')}: line 3: not valid JSON`);
  });

  it.each([
    ['log.jsonl', 'line 2: weightLoss: expected a finite number, got null', (dir: string) => rewriteLine(join(dir, 'log.jsonl'), 1, (line) => ({ ...line, weightLoss: null }))],
    ['log.jsonl', 'line 1: probabilities.c16_0.skip: expected a finite number from 0 to 1, got 2', (dir: string) => rewriteLine(join(dir, 'log.jsonl'), 0, (line) => ({ ...line, probabilities: { ...(line.probabilities as object), c16_0: { skip: 2 } } }))],
    ['config.json', 'search.epochs: expected a finite number ≥ 1, got "two"', (dir: string) => editJson(join(dir, 'config.json'), (c) => void ((c.search as Record<string, unknown>).epochs = 'two'))],
    ['config.json', "inputs.cost.kind: expected 'latency' or 'macs', got \"flops\"", (dir: string) => editJson(join(dir, 'config.json'), (c) => void (((c.inputs as Record<string, unknown>).cost as Record<string, unknown>).kind = 'flops'))],
    ['architectures.json', '[0].macs: expected a finite number ≥ 0, got "many"', (dir: string) => editJson(join(dir, 'architectures.json'), (a) => void ((a as unknown as Record<string, unknown>[])[0]!.macs = 'many'))],
    ['architecture.json', 'stages[0][0][2]: expected a positive integer stride', (dir: string) => editJson(join(dir, 'architecture.json'), (a) => void (((a.stages as unknown[][])[0]![0] as unknown[])[2] = -1))],
    ['lut.json', 'layers.c16_0.k3_e1.median: expected a finite number ≥ 0, got "fast"', (dir: string) => editJson(join(dir, 'lut.json'), (t) => void (((t.layers as Record<string, Record<string, Record<string, unknown>>>).c16_0!.k3_e1!).median = 'fast'))],
  ])('names the file and field of a problem in %s: %s', async (file, message, edit) => {
    const dir = await copyFixture('dnas-search');
    await edit(dir);
    await expect(readRunFolder(dir)).rejects.toThrow(`${join(dir, file)}: ${message}`);
  });

  it('names the file of a train run with a bad result or architecture', async () => {
    const dir = await copyFixture('train');
    await editJson(join(dir, 'result.json'), (r) => void (r.testAccuracy = 10));
    await expect(readRunFolder(dir)).rejects.toThrow(`${join(dir, 'result.json')}: testAccuracy: expected a finite number from 0 to 1, got 10`);
    await editJson(join(dir, 'config.json'), (c) => void ((c.architecture as Record<string, unknown>).inputSize = 0));
    await expect(readRunFolder(dir)).rejects.toThrow(`${join(dir, 'config.json')}: architecture.inputSize: expected`);
  });

  it('refuses a search that has not logged an epoch yet', async () => {
    const dir = await copyFixture('mask-search');
    await writeFile(join(dir, 'log.jsonl'), '');
    await expect(readRunFolder(dir)).rejects.toThrow(`${join(dir, 'log.jsonl')}: no epoch logged yet`);
  });
});

async function rewriteLine(file: string, index: number, edit: (line: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  lines[index] = JSON.stringify(edit(JSON.parse(lines[index]!) as Record<string, unknown>));
  await writeFile(file, `${lines.join('\n')}\n`);
}
