import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMultitaskDataset, multitaskDatasetSha256 } from '@fbnas/data';
import { afterAll, describe, expect, it } from 'vitest';

// `fbnas multitask search` as users run it: the built CLI in a child process, FBNAS_HOME (the dataset cache) in a
// temporary folder.
const bin = fileURLToPath(new URL('../bin/fbnas.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'fbnas-multitask-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fbnas(args: readonly string[]) {
  return spawnSync('node', [bin, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, FBNAS_HOME: join(root, 'home') }, timeout: 300_000 });
}

describe('fbnas multitask search', () => {
  it('searches every task in one run, caches the dataset, and resumes a finished folder without training again', () => {
    const args = ['multitask', 'search', '--train-images', '64', '--epochs', '2', '--batch-size', '16', '--seed', '1', '--out', join(root, 'run'), '--json'];
    const first = fbnas(args);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/multitask data: 64 images on 56×56 canvases \(built: /);
    const result = JSON.parse(first.stdout) as { blocks: string[]; report?: string; tasks: { task: string; architecture: number[]; macs: number; keep: number[] }[] };
    expect(result.tasks.map((t) => t.task)).toEqual(['classification', 'segmentation', 'box']);
    for (const t of result.tasks) {
      expect(t.architecture).toHaveLength(result.blocks.length);
      expect(t.macs).toBeGreaterThan(0);
    }
    expect(readdirSync(join(root, 'home', 'multitask')).filter((f) => f.endsWith('.fbmt'))).toHaveLength(1);
    expect(existsSync(join(root, 'run', 'search-result.json'))).toBe(true);
    // The report: policies and losses over epochs.
    expect(result.report).toBe(join(root, 'run', 'report.html'));
    const page = readFileSync(result.report!, 'utf8');
    expect([...page.matchAll(/<figure id="([^"]+)"/g)].map((m) => m[1])).toEqual(['multitask-keep', 'multitask-loss-classification', 'multitask-loss-segmentation', 'multitask-loss-box', 'multitask-macs']);
    const again = fbnas(args);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/\(cached: /);
    expect(again.stderr).not.toMatch(/epoch \d/);
    expect(JSON.parse(again.stdout).tasks).toEqual(result.tasks);
    expect(readFileSync(join(root, 'run', 'log.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);

    // Each task's architecture trains alone from its document.
    const trainArgs = ['multitask', 'train', '--arch', join(root, 'run', 'segmentation.arch.json'), '--train-images', '64', '--epochs', '1', '--batch-size', '16', '--out', join(root, 'seg'), '--json'];
    const trained = fbnas(trainArgs);
    expect(trained.status, trained.stderr).toBe(0);
    const value = JSON.parse(trained.stdout) as { task: string; metric: string; value: number; macs: number; out: string };
    expect(value).toMatchObject({ task: 'segmentation', metric: 'foreground IoU', macs: result.tasks[1]!.macs, out: join(root, 'seg') });
    expect(value.value).toBeGreaterThanOrEqual(0);
    // Its run folder records the settings, versions and data hashes; a finished folder answers without training.
    const config = JSON.parse(readFileSync(join(root, 'seg', 'config.json'), 'utf8')) as { multitaskTrain: { epochs: number }; metadata: { data: { train: { file: string; sha256: string }; test: { sha256: string } }; backend: string } };
    expect(config.multitaskTrain.epochs).toBe(1);
    expect(config.metadata.data.train.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(config.metadata.data.test.sha256).not.toBe(config.metadata.data.train.sha256);
    // They are the cache files' hashes, passed on rather than computed again: those of the datasets they hold.
    expect(config.metadata.data.train.sha256).toBe(multitaskDatasetSha256(loadMultitaskDataset(config.metadata.data.train.file)));
    const cached = readdirSync(join(root, 'home', 'multitask')).filter((f) => f.endsWith('.fbmt'));
    expect(cached.map((f) => multitaskDatasetSha256(loadMultitaskDataset(join(root, 'home', 'multitask', f))))).toContain(config.metadata.data.test.sha256);
    expect(JSON.parse(readFileSync(join(root, 'seg', 'result.json'), 'utf8'))).toMatchObject({ value: value.value });
    const repeated = fbnas(trainArgs);
    expect(repeated.status, repeated.stderr).toBe(0);
    expect(repeated.stderr).not.toMatch(/epoch \d/);
    expect(JSON.parse(repeated.stdout)).toEqual(value);
    const bad = fbnas(['multitask', 'train', '--arch', join(root, 'run', 'search-result.json')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--arch .*search-result\.json: format: expected "fbnas\.multitask-arch\/v1"/);
  });

  it('refuses unknown tasks, too few epochs and bad search settings (exit 2, naming the flag)', () => {
    const tasks = fbnas(['multitask', 'search', '--tasks', 'classification,depth', '--out', join(root, 'never')]);
    expect(tasks.status).toBe(2);
    expect(tasks.stderr).toMatch(/--tasks expects distinct names among classification, segmentation, box/);
    const epochs = fbnas(['multitask', 'search', '--epochs', '1', '--out', join(root, 'never')]);
    expect(epochs.status).toBe(2);
    expect(epochs.stderr).toMatch(/--epochs 1 leaves no epoch to train the policies/);
    const warm = fbnas(['multitask', 'search', '--epochs', '3', '--warmup-epochs', '3', '--out', join(root, 'never')]);
    expect(warm.status).toBe(2);
    expect(warm.stderr).toMatch(/--epochs 3 leaves no epoch to train the policies: the first 3 only warm the weights up; use --epochs 4/);
    const reward = fbnas(['multitask', 'search', '--reward', 'ranked', '--out', join(root, 'never')]);
    expect(reward.status).toBe(2);
    expect(reward.stderr).toMatch(/--reward expects one of relative, absolute, got 'ranked'/);
    const mix = fbnas(['multitask', 'search', '--uniform-mix', '1.5', '--out', join(root, 'never')]);
    expect(mix.status).toBe(2);
    expect(mix.stderr).toMatch(/--uniform-mix/);
    const rate = fbnas(['multitask', 'search', '--policy-lr=-1', '--out', join(root, 'never')]);
    expect(rate.status).toBe(2);
    expect(rate.stderr).toMatch(/--policy-lr expects a number .*, got '-1'/);
  });

  it('builds the dataset from CIFAR-10 photographs (pasted whole, 3 channels), and a searched architecture trains only on its own kind of data', () => {
    // A synthetic CIFAR-10 folder in the binary format (label byte + 3072 channel-planar pixels per record): a
    // bright square of a class-dependent colour on a dark ground, 32 records per training batch, 16 test records.
    const cifar = join(root, 'cifar');
    mkdirSync(cifar);
    const batch = (records: number, offset: number) => {
      const bytes = new Uint8Array(records * 3073);
      for (let r = 0; r < records; r++) {
        const label = (r + offset) % 10;
        bytes[r * 3073] = label;
        for (let c = 0; c < 3; c++) {
          for (let p = 0; p < 1024; p++) {
            const [y, x] = [Math.floor(p / 32), p % 32];
            bytes[r * 3073 + 1 + c * 1024 + p] = y >= 8 && y < 24 && x >= 8 && x < 24 ? 60 + 60 * ((label + c) % 3) : 20;
          }
        }
      }
      return bytes;
    };
    for (let b = 1; b <= 5; b++) writeFileSync(join(cifar, `data_batch_${b}.bin`), batch(32, b));
    writeFileSync(join(cifar, 'test_batch.bin'), batch(16, 0));
    // The search's own settings, from flags: recorded in config.json.
    const search = fbnas([
      'multitask', 'search', '--data', `cifar10:${cifar}`, '--train-images', '64', '--epochs', '2', '--batch-size', '16', '--out', join(root, 'cifar-run'), '--json',
      '--warmup-epochs', '0', '--policy-lr', '0.1', '--cost-weight', '2', '--reward', 'absolute', '--uniform-mix', '0.25',
    ]);
    expect(search.status, search.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'cifar-run', 'config.json'), 'utf8')).multitaskSearch).toMatchObject({
      warmupEpochs: 0, policyLearningRate: 0.1, costWeight: 2, reward: 'absolute', uniformMix: 0.25, epochs: 2,
    });
    expect(search.stderr).toMatch(/multitask data: 64 images on 56×56 canvases/);
    const arch = JSON.parse(readFileSync(join(root, 'cifar-run', 'box.arch.json'), 'utf8')) as { layout: { inputChannels: number } };
    expect(arch.layout.inputChannels).toBe(3);
    const trained = fbnas(['multitask', 'train', '--arch', join(root, 'cifar-run', 'box.arch.json'), '--data', `cifar10:${cifar}`, '--train-images', '64', '--epochs', '1', '--batch-size', '16', '--out', join(root, 'cifar-box'), '--json']);
    expect(trained.status, trained.stderr).toBe(0);
    expect(JSON.parse(trained.stdout)).toMatchObject({ task: 'box', metric: 'box IoU' });
    // A CIFAR-10 architecture on Fashion-MNIST's one channel: refused before training, naming both.
    const mismatch = fbnas(['multitask', 'train', '--arch', join(root, 'cifar-run', 'box.arch.json'), '--train-images', '64', '--out', join(root, 'never')]);
    expect(mismatch.status).toBe(2);
    expect(mismatch.stderr).toMatch(/--data gives 1-channel images of 10 classes, but .*box\.arch\.json was searched on 3-channel images of 10 classes/);
  });
});
