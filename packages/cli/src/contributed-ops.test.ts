import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Ops contributed from outside fbnas at every command that takes a space or an architecture: the built CLI in a
// child process, with a user's op module (`__fixtures__/contributed-ops.mjs`: `dsep`, a depthwise-separable block)
// and a space file whose candidates use it (`__fixtures__/dsep-space.json`).
const bin = fileURLToPath(new URL('../bin/fbnas.mjs', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const space = fixture('dsep-space.json');
const ops = fixture('contributed-ops.mjs');
const root = mkdtempSync(join(tmpdir(), 'fbnas-cli-ops-'));
const at = (...parts: string[]) => join(root, ...parts);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fbnas(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync('node', [bin, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, FBNAS_HOME: at('home') }, timeout: 300_000 });
}
const ok = (result: SpawnSyncReturns<string>) => {
  expect(result.status, `${result.stderr}\n${result.stdout}`).toBe(0);
  return result;
};
const failed = (result: SpawnSyncReturns<string>, message: RegExp) => {
  expect(result.status, result.stderr).toBe(1);
  expect(result.stderr).toMatch(message);
  expect(result.stdout).toBe('');
};
/** The op of every block of an architecture, in order. */
const blockOps = (architecture: { stages: unknown[][][] }) => architecture.stages.flat().map((block) => block[0]);

describe('fbnas with --ops MODULE and --space FILE.json', () => {
  it('search writes an architecture with the contributed op; train retrains it; eval and report read the results', () => {
    const search = JSON.parse(ok(fbnas([
      'search', '--space', space, '--ops', ops, '--epochs', '2', '--train-images', '64', '--batch-size', '32', '--cost', 'macs', '--samples', '1', '--out', at('search'), '--json',
    ])).stdout);
    expect(search.architectures).toHaveLength(2);
    expect(search.report).toBe(join(at('search'), 'report.html')); // written with the contributed op's blocks counted
    const architecture = JSON.parse(readFileSync(at('search', 'architecture.json'), 'utf8'));
    expect(architecture.name).toBe('dsep-tiny-28-argmax');
    // The second searchable layer's candidates are both dsep; the first may be dsep, ir or skip.
    expect(blockOps(architecture)[2]).toMatch(/^dsep_k[35]$/);
    expect(JSON.parse(readFileSync(at('search', 'config.json'), 'utf8')).inputs.space.name).toBe('dsep-tiny-28');
    expect(existsSync(at('search', 'report.html'))).toBe(true);

    const trained = JSON.parse(ok(fbnas(['train', '--arch', at('search', 'architecture.json'), '--ops', ops, '--epochs', '1', '--train-images', '64', '--out', at('train'), '--json'])).stdout);
    expect(trained.architecture).toBe('dsep-tiny-28-argmax');
    const model = JSON.parse(readFileSync(at('train', 'model', 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string }[] }[] };
    const weights = model.weightsManifest.flatMap((group) => group.weights.map((w) => w.name));
    expect(weights).toContain('backbone.stages.xif2_0.dw.conv/kernel');
    expect(weights).toContain('backbone.stages.xif2_0.pwl.bn/gamma');
    expect(JSON.parse(ok(fbnas(['eval', '--model', at('train', 'model'), '--json'])).stdout).accuracy).toBeCloseTo(trained.testAccuracy, 6);
    expect(ok(fbnas(['report', at('train'), '--ops', ops])).stdout.trim()).toBe(join(at('train'), 'report.html'));

    // Without the module, the architecture's op is unknown: refused before the run folder is made, pointing at --ops.
    failed(fbnas(['train', '--arch', at('search', 'architecture.json'), '--epochs', '1', '--out', at('no-ops')]), /architecture\.json: stages\[\d\]\[0\]\[0\]: unknown op 'dsep_k[35]'.*\n\(is 'dsep_k[35]' an op of your own\? .*--ops MODULE\)/);
    expect(existsSync(at('no-ops'))).toBe(false);
    failed(fbnas(['report', at('train')]), /unknown op 'dsep_k[35]'/);
  });

  it('latency build measures the contributed op under its own keys; predict and validate read the table (default-export module)', () => {
    const built = JSON.parse(ok(fbnas(['latency', 'build', '--space', space, '--ops', ops, '--repeats', '2', '--out', at('dsep.lut.json'), '--json'])).stdout);
    expect(built.space).toBe('dsep-tiny-28');
    const table = JSON.parse(readFileSync(at('dsep.lut.json'), 'utf8')) as {
      fixed: Record<string, { median: number }>; layers: Record<string, Record<string, { key: string; median: number }>>;
    };
    expect(Object.keys(table.layers)).toEqual(['c8_0', 'c16_0']);
    expect(table.layers.c8_0!.dsep_k3!.key).toBe('dsep-in:14x14x8-out:14x14x8-k:3-s:1');
    expect(table.layers.c16_0!.dsep_k5!.key).toBe('dsep-in:14x14x8-out:7x7x16-k:5-s:2');
    writeFileSync(at('sample.json'), JSON.stringify({ c8_0: 'dsep_k3', c16_0: 'dsep_k5' }));
    const predicted = JSON.parse(ok(fbnas(['latency', 'predict', '--space', space, '--ops', fixture('contributed-ops-default.mjs'), '--lut', at('dsep.lut.json'), '--sample', at('sample.json'), '--json'])).stdout);
    const fixed = Object.values(table.fixed).reduce((sum, stat) => sum + stat.median, 0);
    expect(predicted.predictedUs).toBeCloseTo(fixed + table.layers.c8_0!.dsep_k3!.median + table.layers.c16_0!.dsep_k5!.median, 6);
    expect(JSON.parse(ok(fbnas(['latency', 'validate', '--space', space, '--ops', ops, '--lut', at('dsep.lut.json'), '--samples', '2', '--json'])).stdout).samples).toBe(2);
  });

  it('search --dry-run on the space file with its ops', () => {
    const dry = JSON.parse(ok(fbnas(['search', '--space', space, '--ops', ops, '--dry-run', '--batch-size', '2', '--json'])).stdout);
    expect(dry).toMatchObject({ space: 'dsep-tiny-28', searchableLayers: 2, candidateModels: 5, mode: 'sampled', costUnit: 'MACs' });
    expect(Number.isFinite(dry.loss)).toBe(true);
  });

  it('zoo info counts a zoo model whose architecture uses the contributed op (a manifest of your own)', () => {
    writeFileSync(at('dsep-net.json'), JSON.stringify({
      format: 'fbnas.arch/v1', name: 'dsep_net', inputSize: 28, inputChannels: 1, numClasses: 10, stages: [[['conv_k3', 8, 2, 1]], [['dsep_k3', 16, 2, 1]]],
    }));
    writeFileSync(at('zoo.json'), JSON.stringify({
      format: 'fbnas.zoo/v1',
      models: [{
        name: 'dsep_net', family: 'test', aliases: [], architecture: 'dsep-net.json', resolution: 28, evalResize: 28,
        published: { macs: 1, weights: 1, macsMillions: 1e-6, weightsMillions: 1e-6, decimals: 6 }, top1: 1,
        checkpoint: { url: 'https://example.invalid/dsep_net.pth', urlVerified: false, urlSource: 'contributed-ops.test.ts', sha256: null, licence: 'MIT' },
      }],
    }));
    const info = JSON.parse(ok(fbnas(['zoo', 'info', 'dsep_net', '--manifest', at('zoo.json'), '--ops', ops, '--json'])).stdout);
    // stem 14·14·(9·1·8) + dsep: dw 7·7·(9·8), pw 7·7·(8·16) + the classifier's pool 7·7·16 and linear 16·10.
    expect(info.counted.macs).toBe(196 * 72 + 49 * 72 + 49 * 128 + 49 * 16 + 160);
    failed(fbnas(['zoo', 'info', 'dsep_net', '--manifest', at('zoo.json')]), /unknown op 'dsep_k3'.*\n\(is 'dsep_k3' an op of your own\?/);
  });

  it('bad --ops and --space values fail with exit code 1, naming the module or file and what is wrong; nothing is written', () => {
    failed(fbnas(['search', '--space', space, '--ops', 'missing-ops.mjs', '--epochs', '2', '--out', at('never')]), /^--ops missing-ops\.mjs: no such file \(.*missing-ops\.mjs\); expected an ES module exporting op specs/);
    writeFileSync(at('nothing-usable.mjs'), 'export const answer = 42;\nexport function helper() {}\n');
    failed(fbnas(['train', '--arch', at('search', 'architecture.json'), '--ops', 'nothing-usable.mjs', '--out', at('never')]), /^--ops nothing-usable\.mjs: expected the module to export its op specs as `export const opSpecs = \[spec, …\]` or `export default \[spec, …\]`; it exports answer, helper\n$/);
    writeFileSync(at('no-plan.mjs'), "export const opSpecs = [{ name: 'half', description: '', argNames: [], aliases: [], parseArgs: () => ({}), latencyKey: () => 'half' }];\n");
    failed(fbnas(['latency', 'build', '--space', space, '--ops', 'no-plan.mjs', '--out', at('never.lut.json')]), /^--ops no-plan\.mjs: opSpecs\[0\] \('half'\)\.plan: expected a function/);
    failed(fbnas(['search', '--space', space, '--epochs', '2', '--out', at('never')]), /^--space .*dsep-space\.json: candidates\.dsep_k\d \(layer c\d+_0\): .*unknown op 'dsep_k\d'.*\n\(is 'dsep_k\d' an op of your own\?/);
    failed(fbnas(['search', '--space', 'missing-space.json', '--epochs', '2', '--out', at('never')]), /^--space missing-space\.json: no such file\n$/);
    expect(existsSync(at('never'))).toBe(false);
    expect(existsSync(at('never.lut.json'))).toBe(false);
  });
});
