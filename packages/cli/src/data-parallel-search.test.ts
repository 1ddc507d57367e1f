import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { killOnOutput } from './__fixtures__/kill-on-output';

// `fbnas search --data-parallel 2` as users run it (the built CLI in a child process): two threads, each with its
// own wasm backend and half of every weight and θ batch, must move θ and the supernet as a one-thread search does
// at the same batch size; the folder resumes with another worker count.
//
// A small space (two searchable layers; the paper's IR, grouped and skip candidates; batch norms everywhere) and few
// steps: a deep supernet amplifies float rounding — one value rounding across a ReLU's kink — until runs differ by
// more than 1e-5 however exact the step. On fbnet-micro-28 a one-thread wasm and a one-thread cpu search already
// differ by 1e-3 in one kernel after one step; the data-parallel search matches one of them to 1e-7.
const bin = fileURLToPath(new URL('../bin/fbnas.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'fbnas-data-parallel-search-'));
const at = (...parts: string[]) => join(root, ...parts);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const space = {
  format: 'fbnas.space/v1', name: 'dp-tiny', inputSize: 28, inputChannels: 1, numClasses: 10, basicArgs: { widthDivisor: 1 },
  candidates: { k3_e1: ['ir_k3', { expansion: 1 }], k3_e3: ['ir_k3', { expansion: 3 }], k5_e1_g2: ['ir_k5_g2', { expansion: 1, pwlGroups: 2 }], skip: ['skip'] },
  stages: [[{ fixed: ['conv_k3', 8, 2, 1] }], [{ search: 'c16', outChannels: 16, stride: 2, repeat: 2 }], [{ fixed: ['conv_k1', 32, 1, 1] }]],
  head: { op: 'classifier' },
};
writeFileSync(at('space.json'), JSON.stringify(space));
const common = ['search', '--space', at('space.json'), '--cost', 'macs', '--epochs', '2', '--train-images', '160', '--batch-size', '32', '--seed', '3', '--samples', '1', '--json'];

function fbnas(args: readonly string[]) {
  return spawnSync('node', [bin, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, FBNAS_BACKEND: 'wasm' }, timeout: 300_000 });
}

interface LogLine { epoch: number; weightLoss: number; architectureLoss: number | null; probabilities: Record<string, Record<string, number>> }

function logOf(folder: string): LogLine[] {
  return readFileSync(join(folder, 'log.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LogLine);
}

/** The largest difference between two runs' per-epoch losses and probabilities (same epochs, layers, candidates). */
function maxDifference(a: LogLine[], b: LogLine[]): number {
  expect(b.map((l) => l.epoch)).toEqual(a.map((l) => l.epoch));
  let worst = 0;
  a.forEach((line, e) => {
    const other = b[e]!;
    worst = Math.max(worst, Math.abs(line.weightLoss - other.weightLoss), Math.abs((line.architectureLoss ?? 0) - (other.architectureLoss ?? 0)));
    for (const [layer, ps] of Object.entries(line.probabilities)) {
      expect(Object.keys(other.probabilities[layer]!)).toEqual(Object.keys(ps));
      for (const [name, p] of Object.entries(ps)) worst = Math.max(worst, Math.abs(p - other.probabilities[layer]![name]!));
    }
  });
  return worst;
}

describe('fbnas search --data-parallel', () => {
  it('2 threads move θ and the weights as 1 thread does (to 1e-5); a killed 2-thread run resumes on 1 thread', async () => {
    const one = fbnas([...common, '--out', at('one')]);
    expect(one.status, one.stderr).toBe(0);
    const two = fbnas([...common, '--data-parallel', '2', '--out', at('two')]);
    expect(two.status, two.stderr).toBe(0);
    expect(two.stderr).toMatch(/searching on 2 data-parallel threads/);
    const reference = logOf(at('one'));
    expect(reference.map((l) => l.architectureLoss === null)).toEqual([true, false]);
    expect(maxDifference(reference, logOf(at('two')))).toBeLessThanOrEqual(1e-5);
    // θ moved (the comparison is not between two uniform distributions).
    const last = reference.at(-1)!.probabilities;
    const moved = Math.max(...Object.values(last).flatMap((ps) => Object.values(ps).map((p) => Math.abs(p - 1 / Object.keys(ps).length))));
    expect(moved).toBeGreaterThan(1e-4);
    const [oneResult, twoResult] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
    expect(twoResult.argmax).toEqual(oneResult.argmax);
    expect(twoResult.architectures.map((a: { name: string }) => a.name)).toEqual(['argmax', 'sample-1']);
    expect(readFileSync(at('two', 'architecture.json'), 'utf8')).toBe(readFileSync(at('one', 'architecture.json'), 'utf8'));
    expect(JSON.parse(readFileSync(at('two', 'config.json'), 'utf8')).dataParallelWorkers).toBe(2);

    // Killed after its first epoch's checkpoint, then run again on one thread: it resumes and ends as the reference.
    await killOnOutput([bin, ...common, '--data-parallel', '2', '--out', at('killed')], /epoch 1\/2/, { cwd: root, env: { ...process.env, FBNAS_BACKEND: 'wasm' } });
    expect(logOf(at('killed'))).toHaveLength(1);
    const resumed = fbnas([...common, '--out', at('killed')]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resum/i);
    expect(maxDifference(reference, logOf(at('killed')))).toBeLessThanOrEqual(1e-5);
  });

  it('refuses --data-parallel on a DMaskingNAS space and in a dry run', () => {
    const mask = fbnas(['search', '--space', 'fbnetv2-micro-28', '--data-parallel', '2', '--out', at('never')]);
    expect(mask.status).toBe(2);
    expect(mask.stderr).toMatch(/--data-parallel does not apply to the DMaskingNAS space/);
    const dry = fbnas(['search', '--dry-run', '--data-parallel', '2']);
    expect(dry.status).toBe(2);
    expect(dry.stderr).toMatch(/--data-parallel does not apply to --dry-run/);
  });
});
