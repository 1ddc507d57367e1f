import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { archLatencyFeatures, countArch, linearLatency } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { afterAll, describe, expect, it } from 'vitest';

// The built CLI in child processes, as users run it (and so that a search can be SIGKILLed mid-epoch).
const bin = fileURLToPath(new URL('../bin/fbnas.mjs', import.meta.url));
const folders: string[] = [];
const folder = () => {
  const f = mkdtempSync(join(tmpdir(), 'fbnas-cli-mask-'));
  folders.push(f);
  return f;
};
const args = (out: string) => [
  bin, 'search', '--space', 'fbnetv2-micro-28', '--data', 'embedded', '--train-images', '320', '--epochs', '3',
  '--batch-size', '32', '--target-macs', '600000', '--seed', '3', '--out', out,
];
const theta = (out: string) => JSON.parse(readFileSync(join(out, 'search-result.json'), 'utf8')).theta as number[][];

afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

describe('fbnas search on a DMaskingNAS space (built CLI)', () => {
  it('searches toward a MAC target, resumes a SIGKILLed run to the same θ, and derives an architecture that retrains', async () => {
    const straight = join(folder(), 'run');
    const first = spawnSync('node', args(straight), { encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/argmax [\d.]+ M \(target 0\.600 M\)/);
    // θ chose the resolution: the printout points at --pick-resolution train.
    expect(first.stdout).toMatch(/input resolution (28|21|14), chosen by θ .*--pick-resolution train/);
    // MACs are not latency: the printout points at a latency target.
    expect(first.stdout).toMatch(/MACs steer latency only loosely .*`fbnas latency fit --space fbnetv2-micro-28` and --target-latency US --latency-model FILE/);
    const derived = JSON.parse(readFileSync(join(straight, 'derived.json'), 'utf8'));
    const architecture = JSON.parse(readFileSync(join(straight, 'architecture.json'), 'utf8'));
    expect(derived.macs).toBe(countArch(architecture, createBuiltinOpSpecRegistry()).macs);
    expect(derived.targetError).toBeCloseTo(derived.macs / 600000 - 1, 10);
    const log = readFileSync(join(straight, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((l) => l.epoch)).toEqual([0, 1, 2]);
    expect(log[2].annotations.argmaxMacs).toBe(derived.macs);
    const config = JSON.parse(readFileSync(join(straight, 'config.json'), 'utf8'));
    expect(config.search.loss).toEqual({ kind: 'budget', lambda: 10, target: 600000 });
    expect(config.search.architectureSchedule).toBe('cosine');
    expect(config.kind).toBe('dmasking');

    const interrupted = join(folder(), 'run');
    const child = spawn('node', args(interrupted), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/epoch 1\/3/.test(stderr) && !child.killed) setTimeout(() => child.kill('SIGKILL'), 300);
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`not killed: exit ${code}\n${stderr}`))));
    });
    expect(existsSync(join(interrupted, 'search-result.json'))).toBe(false);
    const resumed = spawnSync('node', args(interrupted), { encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(theta(interrupted)).toEqual(theta(straight));

    // The derived architecture retrains without masks, at its searched resolution (data subsampled to it).
    const trained = join(folder(), 'train');
    const train = spawnSync('node', [bin, 'train', '--arch', join(straight, 'architecture.json'), '--data', 'embedded', '--train-images', '200', '--epochs', '1', '--out', trained, '--json'], { encoding: 'utf8' });
    expect(train.status, train.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(trained, 'result.json'), 'utf8'));
    expect(result.testAccuracy).toBeGreaterThan(0);
  });

  it('runs a one-step dry run, and reports flag errors clearly', () => {
    const dry = spawnSync('node', [bin, 'search', '--space', 'fbnetv2-micro-28', '--dry-run', '--batch-size', '4', '--target-params', '50000', '--json'], { encoding: 'utf8' });
    expect(dry.status, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report.searchableLayers).toBe(7);
    expect(report.expectedCost).toBeGreaterThan(0);
    expect(Number.isFinite(report.loss)).toBe(true);
    const both = spawnSync('node', [bin, 'search', '--space', 'fbnetv2-micro-28', '--target-macs', '1e6', '--target-params', '1e4'], { encoding: 'utf8' });
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/give one of --target-macs, --target-params and --target-latency, not --target-macs and --target-params/);
    const wrongSpace = spawnSync('node', [bin, 'search', '--space', 'fbnet-micro-28', '--target-macs', '1e6'], { encoding: 'utf8' });
    expect(wrongSpace.status).toBe(2);
    expect(wrongSpace.stderr).toMatch(/--target-macs does not apply to the DNAS space 'fbnet-micro-28' \(DMaskingNAS spaces: fbnetv2, fbnetv2-micro-28/);
    const negative = spawnSync('node', [bin, 'search', '--space', 'fbnetv2-micro-28', '--target-macs=-5'], { encoding: 'utf8' });
    expect(negative.status).toBe(2);
    expect(negative.stderr).toMatch(/--target-macs expects a number greater than 0 and at most 1000000000000000, got '-5'/);
  });

  it('--pick-resolution train: one search per resolution, each network trained briefly, the best on held-out images kept; resumes without redoing work', () => {
    const out = join(folder(), 'run');
    const pickArgs = [
      bin, 'search', '--space', 'fbnetv2-micro-28', '--data', 'embedded', '--train-images', '240', '--epochs', '2', '--batch-size', '32',
      '--target-macs', '600000', '--seed', '3', '--pick-resolution', 'train', '--pick-epochs', '1', '--out', out,
    ];
    const first = spawnSync('node', pickArgs, { encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    const pick = JSON.parse(readFileSync(join(out, 'resolution-pick.json'), 'utf8'));
    expect(pick.candidates.map((c: { resolution: number }) => c.resolution)).toEqual([28, 21, 14]);
    const ops = createBuiltinOpSpecRegistry();
    for (const c of pick.candidates) {
      const architecture = JSON.parse(readFileSync(join(out, `resolution-${c.resolution}`, 'architecture.json'), 'utf8'));
      expect(architecture.inputSize).toBe(c.resolution);
      expect(c.derived.macs).toBe(countArch(architecture, ops).macs);
      // 240 images, 20 % held out (stratified): the held-out accuracy is a count out of 48.
      expect(Math.abs(c.validationAccuracy * 48 - Math.round(c.validationAccuracy * 48))).toBeLessThan(1e-6);
      const trained = JSON.parse(readFileSync(join(out, `resolution-${c.resolution}`, 'pick-train', 'result.json'), 'utf8'));
      expect(trained.validationAccuracy).toBe(c.validationAccuracy);
    }
    // The pick: the highest held-out accuracy, ties to fewer MACs (recomputed here from the candidates).
    const best = [...pick.candidates].sort((a, b) => b.validationAccuracy - a.validationAccuracy || a.derived.macs - b.derived.macs)[0];
    expect(pick.picked).toBe(best.resolution);
    expect(readFileSync(join(out, 'architecture.json'), 'utf8')).toBe(readFileSync(join(out, `resolution-${best.resolution}`, 'architecture.json'), 'utf8'));
    expect(first.stdout).toMatch(new RegExp(`\\* r=${best.resolution}: held-out`));
    expect(first.stdout).toContain(`report: ${join(out, 'report.html')}`);
    expect(first.stdout).not.toMatch(/chosen by θ/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Input resolution, picked by training');
    expect(html).toContain(`★ ${best.resolution}`);

    // Re-running resumes: nothing is searched or trained again, and the pick is the same.
    const again = spawnSync('node', pickArgs, { encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/training fbnetv2/);
    expect(JSON.parse(readFileSync(join(out, 'resolution-pick.json'), 'utf8'))).toEqual(pick);
  });

  it('--pick-resolution: flag errors', () => {
    const stray = spawnSync('node', [bin, 'search', '--space', 'fbnetv2-micro-28', '--pick-epochs', '2'], { encoding: 'utf8' });
    expect(stray.status).toBe(2);
    expect(stray.stderr).toMatch(/--pick-epochs applies to --pick-resolution train/);
    const dnas = spawnSync('node', [bin, 'search', '--space', 'fbnet-micro-28', '--pick-resolution', 'train'], { encoding: 'utf8' });
    expect(dnas.status).toBe(2);
    expect(dnas.stderr).toMatch(/--pick-resolution does not apply to the DNAS space/);
    const space = join(folder(), 'one.json');
    const definition = JSON.parse(readFileSync(fileURLToPath(new URL('../../search-space/src/spaces/fbnetv2-micro-28.json', import.meta.url)), 'utf8'));
    writeFileSync(space, JSON.stringify({ ...definition, name: 'one-resolution', resolutions: [28] }));
    const single = spawnSync('node', [bin, 'search', '--space', space, '--pick-resolution', 'train'], { encoding: 'utf8' });
    expect(single.status).toBe(2);
    expect(single.stderr).toMatch(/--pick-resolution train: space '.*one\.json' has one resolution \(28\); nothing to pick/);
  });

  it('fbnas latency fit, then --target-latency: the search steers the derived network\'s predicted latency toward each target', () => {
    const model = join(folder(), 'micro.latency-model.json');
    const fit = spawnSync('node', [bin, 'latency', 'fit', '--space', 'fbnetv2-micro-28', '--networks', '8', '--repeats', '5', '--out', model, '--json'], { encoding: 'utf8' });
    expect(fit.status, fit.stderr).toBe(0);
    const printed = JSON.parse(fit.stdout);
    const saved = JSON.parse(readFileSync(model, 'utf8'));
    expect(saved).toMatchObject({ format: 'fbnas.latency-model/v1', space: { name: 'fbnetv2-micro-28' }, coefficients: printed.coefficients, fit: { networks: 8 } });
    // Validated on networks it was not fitted to (the fit's seed + 1).
    const validate = spawnSync('node', [bin, 'latency', 'validate', '--space', 'fbnetv2-micro-28', '--latency-model', model, '--samples', '4', '--json'], { encoding: 'utf8' });
    expect(validate.status, validate.stderr).toBe(0);
    const validation = JSON.parse(validate.stdout);
    expect(validation.samples).toBe(4);
    for (const row of validation.rows) expect(row.predictedUs).toBeCloseTo(linearLatency(saved.coefficients, row.features), 6);
    const ops = createBuiltinOpSpecRegistry();
    const search = (target: number) => {
      const out = join(folder(), `run-${target}`);
      const run = spawnSync('node', [
        bin, 'search', '--space', 'fbnetv2-micro-28', '--data', 'embedded', '--train-images', '320', '--epochs', '3', '--batch-size', '32',
        '--target-latency', String(target), '--latency-model', model, '--seed', '3', '--out', out,
      ], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(new RegExp(`argmax \\d+ µs \\(target ${target} µs\\)`));
      expect(run.stdout).toMatch(/µs predicted by the latency model/);
      const derived = JSON.parse(readFileSync(join(out, 'derived.json'), 'utf8'));
      const architecture = JSON.parse(readFileSync(join(out, 'architecture.json'), 'utf8'));
      // The derived network's latency, recomputed from its architecture with the model's coefficients.
      const predicted = linearLatency(saved.coefficients, archLatencyFeatures(architecture, ops));
      expect(derived.predictedLatencyUs).toBeCloseTo(predicted, 6);
      expect(derived.target).toEqual({ mode: 'latency', value: target });
      expect(derived.targetError).toBeCloseTo(predicted / target - 1, 10);
      const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
      expect(config.inputs.latencyModel.coefficients).toEqual(saved.coefficients);
      const log = readFileSync(join(out, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(log.at(-1).annotations.argmaxLatencyUs).toBeCloseTo(predicted, 6);
      // The report plots the argmax's predicted latency against the target, in µs.
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      expect(html).toContain('latency (µs, latency model)');
      expect(html).toMatch(/argmax architecture(&#39;|'|&apos;|&#x27;)s latency/);
      return predicted;
    };
    // Targets at the two ends of the model's range for this space: the low one gives the faster network.
    const fast = Math.round(linearLatency(saved.coefficients, { layers: 25, macs: 1e5, outputElements: 1.5e4 }));
    const slow = Math.round(linearLatency(saved.coefficients, { layers: 60, macs: 2e6, outputElements: 2e5 }));
    expect(search(fast)).toBeLessThan(search(slow));
  });

  it('--target-latency and fbnas latency fit: flag errors', () => {
    const alone = spawnSync('node', [bin, 'search', '--space', 'fbnetv2-micro-28', '--target-latency', '300'], { encoding: 'utf8' });
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/--target-latency US and --latency-model FILE go together \(fit a model of the space with: fbnas latency fit --space NAME\)/);
    const dnas = spawnSync('node', [bin, 'search', '--space', 'fbnet-micro-28', '--target-latency', '300', '--latency-model', 'm.json'], { encoding: 'utf8' });
    expect(dnas.status).toBe(2);
    expect(dnas.stderr).toMatch(/--target-latency, --latency-model do not apply to the DNAS space/);
    const few = spawnSync('node', [bin, 'latency', 'fit', '--space', 'fbnetv2-micro-28', '--networks', '5'], { encoding: 'utf8' });
    expect(few.status).toBe(2);
    expect(few.stderr).toMatch(/--networks expects an integer from 6 to 10000, got '5'/);
    const lutOnMask = spawnSync('node', [bin, 'latency', 'validate', '--space', 'fbnetv2-micro-28', '--lut', 'x.json'], { encoding: 'utf8' });
    expect(lutOnMask.status).toBe(2);
    expect(lutOnMask.stderr).toMatch(/--space fbnetv2-micro-28 is a DMaskingNAS space: give --latency-model FILE \(from fbnas latency fit\), not --lut/);
    const modelOnDnas = spawnSync('node', [bin, 'latency', 'validate', '--space', 'fbnet-micro-28', '--latency-model', 'x.json'], { encoding: 'utf8' });
    expect(modelOnDnas.status).toBe(2);
    expect(modelOnDnas.stderr).toMatch(/--space fbnet-micro-28 is a DNAS space: give --lut FILE \(from fbnas latency build\), not --latency-model/);
    const fitDnas = spawnSync('node', [bin, 'latency', 'fit', '--space', 'fbnet-micro-28'], { encoding: 'utf8' });
    expect(fitDnas.status).toBe(2);
    expect(fitDnas.stderr).toMatch(/--space fbnet-micro-28 is a DNAS space; latency models are fitted on DMaskingNAS spaces/);
    const other = join(folder(), 'other.latency-model.json');
    const fit32 = spawnSync('node', [bin, 'latency', 'fit', '--space', 'fbnetv2-micro-32', '--networks', '6', '--repeats', '2', '--out', other], { encoding: 'utf8' });
    expect(fit32.status, fit32.stderr).toBe(0);
    const mismatch = spawnSync('node', [bin, 'search', '--space', 'fbnetv2-micro-28', '--target-latency', '300', '--latency-model', other, '--out', join(folder(), 'x')], { encoding: 'utf8' });
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toMatch(new RegExp(`--latency-model ${other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: space: the latency model was fitted on 'fbnetv2-micro-32'`));
    // A folder searched with one model does not resume with another: the error names the flag.
    const [modelA, modelB] = [join(folder(), 'a.json'), join(folder(), 'b.json')];
    for (const [file, seed] of [[modelA, '0'], [modelB, '1']] as const) {
      const fitted = spawnSync('node', [bin, 'latency', 'fit', '--space', 'fbnetv2-micro-28', '--networks', '6', '--repeats', '2', '--seed', seed, '--out', file], { encoding: 'utf8' });
      expect(fitted.status, fitted.stderr).toBe(0);
    }
    const out = join(folder(), 'run');
    const searchWith = (model: string) => spawnSync('node', [
      bin, 'search', '--space', 'fbnetv2-micro-28', '--data', 'embedded', '--train-images', '64', '--epochs', '2', '--batch-size', '16',
      '--target-latency', '300', '--latency-model', model, '--out', out,
    ], { encoding: 'utf8' });
    expect(searchWith(modelA).status).toBe(0);
    const resumed = searchWith(modelB);
    expect(resumed.status).toBe(1);
    expect(resumed.stderr).toMatch(/this run folder was started with --latency-model .*\(inputs\.latencyModel\.coefficients\.\w+\); this command gives/);
  });
});
