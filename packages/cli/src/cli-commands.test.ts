import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from './commands';

// Every command of the usage text, run as users run it: the built `fbnas` in a child process, with no backend
// selected beforehand (the process selects its own, or fails), checking the exit code and the output.
const bin = fileURLToPath(new URL('../bin/fbnas.mjs', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../../zoo/src/__fixtures__/${name}`, import.meta.url));
const packageVersion = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')).version as string;
const root = mkdtempSync(join(tmpdir(), 'fbnas-cli-commands-'));
const at = (...parts: string[]) => join(root, ...parts);
const home = at('home');

function fbnas(args: readonly string[], options: { env?: Record<string, string> } = {}): SpawnSyncReturns<string> {
  return spawnSync('node', [bin, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, FBNAS_HOME: home, ...options.env }, timeout: 300_000 });
}
/** `fbnas` without blocking this process's event loop (the loopback server of the zoo tests answers meanwhile). */
function fbnasAsync(args: readonly string[]): Promise<SpawnSyncReturns<string>> {
  return new Promise((resolve) => {
    const child = spawn('node', [bin, ...args], { cwd: root, env: { ...process.env, FBNAS_HOME: home } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (status, signal) => resolve({ status, signal, stdout, stderr, pid: child.pid ?? 0, output: [null, stdout, stderr] }));
  });
}
const ok = (result: SpawnSyncReturns<string>) => {
  expect(result.status, `${result.stderr}\n${result.stdout}`).toBe(0);
  return result;
};

/** Writes a float32 NHWC `.npy` file. */
function writeNpy(path: string, data: Float32Array, shape: number[]): void {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')},), }`;
  header += ' '.repeat(63 - ((header.length + 10) % 64)) + '\n';
  const bytes = Buffer.concat([
    Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0]),
    Buffer.from(Uint16Array.of(header.length).buffer), Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  ]);
  writeFileSync(path, bytes);
}

/** The tiny PyTorch-made reference model as a user's zoo manifest (checkpoint served at `url`). */
function tinyManifest(url: string) {
  const checkpoint = readFileSync(fixture('tiny.zip.pth'));
  return {
    format: 'fbnas.zoo/v1',
    models: [{
      name: 'tiny_reference', family: 'FBNetV2', aliases: [], architecture: 'tiny-arch.json', resolution: 32, evalResize: 32,
      published: { macs: 1, weights: 1, macsMillions: 1e-6, weightsMillions: 1e-6, decimals: 6 }, top1: 1,
      checkpoint: { url, urlVerified: true, urlSource: 'cli-commands.test.ts', sha256: createHash('sha256').update(checkpoint).digest('hex'), licence: 'MIT' },
    }],
  };
}

let server: Server;
let port = 0;
beforeAll(async () => {
  copyFileSync(fixture('tiny-arch.json'), at('tiny-arch.json'));
  server = createServer((request, response) => {
    const files: Record<string, () => Buffer> = {
      '/zoo/manifest.json': () => Buffer.from(JSON.stringify(tinyManifest(`http://127.0.0.1:${port}/zoo/tiny.zip.pth`))),
      '/zoo/tiny-arch.json': () => readFileSync(fixture('tiny-arch.json')),
      '/zoo/tiny.zip.pth': () => readFileSync(fixture('tiny.zip.pth')),
    };
    const file = files[request.url ?? ''];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200).end(file());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  writeFileSync(at('manifest.json'), JSON.stringify(tinyManifest(`http://127.0.0.1:${port}/zoo/tiny.zip.pth`)));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('fbnas help, version and usage errors (exit code 2)', () => {
  it('prints the version and the global usage with every command', () => {
    expect(ok(fbnas(['--version'])).stdout.trim()).toBe(packageVersion);
    const usage = ok(fbnas(['--help'])).stdout;
    for (const command of COMMANDS) expect(usage).toContain(`fbnas ${command.path}`);
    const zoo = ok(fbnas(['zoo', '--help'])).stdout;
    expect(zoo).toContain('fbnas zoo pull');
    expect(zoo).not.toContain('fbnas search');
  });

  it.each(COMMANDS.map((command) => [command.path, command] as const))('fbnas %s --help lists its own flags', (path, command) => {
    const help = ok(fbnas([...path.split(' '), '--help'])).stdout;
    expect(help.startsWith(`usage: fbnas ${path}`)).toBe(true);
    for (const flag of Object.keys(command.flags)) expect(help).toContain(`--${flag}`);
    expect(help).toContain(command.summary);
    // Footers only where they apply: the kind of space its --space takes, the data specs where it reads data.
    expect(help.includes('joint spaces (FBNetV3)')).toBe('space' in command.flags && path.startsWith('nars '));
    expect(help.includes('DMaskingNAS: fbnetv2-micro-28')).toBe('space' in command.flags && !path.startsWith('nars '));
    expect(help.includes('data D:')).toBe('data' in command.flags);
  });

  const usageErrors: [string[], RegExp][] = [
    [[], /usage: fbnas <command>/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['zoo'], /fbnas zoo: missing command; expected list, info, pull, import, predict/],
    [['zoo', 'frobnicate', 'fbnet_a'], /unknown command 'frobnicate'/],
    [['zoo', 'info'], /fbnas zoo info: missing NAME/],
    [['zoo', 'info', 'fbnet_a', 'extra'], /unexpected argument 'extra'/],
    [['zoo', 'import', 'fbnet_a'], /missing --from/],
    [['eval'], /fbnas eval: missing --model/],
    [['train', '--arch', 'a.json', '--epochs', '1.5'], /--epochs expects an integer from 1 to 100000, got '1.5'/],
    [['train', '--arch', 'a.json', '--batch-size', '0'], /--batch-size expects an integer from 1 to 65536, got '0'/],
    [['train', '--arch', 'a.json', '--lut', 'x.json'], /fbnas train: --lut does not apply to this command/],
    [['train', '--arch', 'a.json', '--data', 'imagenet'], /--data expects embedded, fashion-mnist\[:DIR\]/],
    [['search', '--epochs', '0'], /--epochs expects an integer from 1/],
    [['search', '--epochs', '1'], /--epochs 1 leaves no epoch to train θ/],
    [['search', '--seed=-1'], /--seed expects an integer from 0/],
    [['search', '--beta', '1000'], /--beta expects a number from 0 to 10, got '1000'/],
    [['search', '--alpha', 'NaN'], /--alpha expects a number greater than 0/],
    [['search', '--space', 'nope'], /--space expects one of .*fbnet-micro-28/],
    [['search', '--space', 'fbnetv2-micro-28', '--lut', 'x.json'], /--lut does not apply to the DMaskingNAS space 'fbnetv2-micro-28'/],
    [['search', '--space', 'fbnet-micro-28', '--target-macs', '5e5'], /--target-macs does not apply to the DNAS space/],
    [['search', '--space', 'fbnetv2-micro-28', '--target-macs', '1', '--target-params', '1'], /give one of --target-macs, --target-params and --target-latency, not --target-macs and --target-params/],
    [['search', '--cost', 'macs', '--lut', 'x.json'], /--lut applies to --cost latency/],
    [['search', '--recipe', 'fast'], /--recipe expects one of paper, small, got 'fast'/],
    [['search', '--space', 'fbnetv2-micro-28', '--recipe', 'small'], /--recipe does not apply to the DMaskingNAS space 'fbnetv2-micro-28'/],
    [['search', '--dry-run', '--epochs', '3'], /--epochs does not apply to --dry-run/],
    [['search', '--theta-temperature', '0'], /--theta-temperature expects a number greater than 0 and at most 100, got '0'/],
    [['latency', 'validate', '--lut', 'x.json', '--samples', '1'], /--samples expects an integer from 2/],
    [['latency', 'build', '--space', 'fbnetv2-micro-28'], /--space expects one of .*fbnet-micro-28/],
  ];
  it.each(usageErrors.map(([args, message]) => [args.join(' '), args, message] as const))('fbnas %s → exit 2', (_, args, message) => {
    const result = fbnas(args);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('checks flags before writing anything: a refused search leaves no run folder', () => {
    expect(fbnas(['search', '--epochs', '1', '--out', at('never')]).status).toBe(2);
    expect(existsSync(at('never'))).toBe(false);
  });

  it('an --out that cannot be created fails at once, naming it', () => {
    const result = spawnSync('node', [bin, 'search', '--epochs', '2', '--cost', 'macs', '--out', '/proc/fbnas-x/run'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--out \/proc\/fbnas-x\/run: cannot create the folder \/proc\/fbnas-x/);
  });

  it('an architecture over the size limits is refused with the limit and its option', () => {
    const architecture = JSON.parse(readFileSync(fixture('tiny-arch.json'), 'utf8'));
    architecture.stages[1][0][3] = 100000;
    writeFileSync(at('huge-arch.json'), JSON.stringify(architecture));
    const result = fbnas(['train', '--arch', at('huge-arch.json'), '--epochs', '1', '--out', at('huge')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/stages\[1\]\[0\]\[3\]: repeat 100000 exceeds the limit 64 \(limits\.maxRepeat\)/);
    expect(existsSync(at('huge'))).toBe(false);
  });

  it('a closed stdout (fbnas zoo list | true) ends quietly, without EPIPE', () => {
    const result = spawnSync('bash', ['-o', 'pipefail', '-c', `node ${JSON.stringify(bin)} zoo list | true`], { encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
    expect(result.status).toBe(0);
  });
});

describe('every command on valid input, in a child process with no backend pre-selected', () => {
  it('backend', () => {
    expect(JSON.parse(ok(fbnas(['backend', '--json'])).stdout).backend).toMatch(/^(tensorflow|wasm|cpu)$/);
  });

  it('zoo list and zoo info (built-in and --manifest FILE)', () => {
    expect(JSON.parse(ok(fbnas(['zoo', 'list', '--json'])).stdout)).toHaveLength(16);
    expect(JSON.parse(ok(fbnas(['zoo', 'list', '--json', '--manifest', at('manifest.json')])).stdout).map((m: { name: string }) => m.name)).toEqual(['tiny_reference']);
    const info = JSON.parse(ok(fbnas(['zoo', 'info', 'FBNetV2_F1', '--json'])).stdout);
    expect(info.matchesPublished).toEqual({ macs: true, weights: true });
  });

  it('zoo import + zoo predict reproduce the PyTorch reference logits of an unseen checkpoint', () => {
    ok(fbnas(['zoo', 'import', 'tiny_reference', '--manifest', at('manifest.json'), '--from', fixture('tiny.zip.pth'), '--out', at('tiny-tfjs')]));
    const again = fbnas(['zoo', 'import', 'tiny_reference', '--manifest', at('manifest.json'), '--from', fixture('tiny.zip.pth'), '--out', at('tiny-tfjs')]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already holds a model; use --force/);
    // The reference input holds two images; predict takes one.
    const npy = readFileSync(fixture('tiny-input.npy'));
    const headerLength = npy.readUInt16LE(8);
    const all = new Float32Array(npy.buffer.slice(npy.byteOffset + 10 + headerLength, npy.byteOffset + npy.byteLength));
    writeNpy(at('first.npy'), all.subarray(0, 32 * 32 * 3), [1, 32, 32, 3]);
    const expected = JSON.parse(readFileSync(fixture('tiny-expected.json'), 'utf8')).logits[0] as number[];
    for (const weights of [at('tiny-tfjs'), fixture('tiny.legacy.pth')]) {
      const prediction = JSON.parse(ok(fbnas(['zoo', 'predict', 'tiny_reference', '--manifest', at('manifest.json'), '--weights', weights, '--input', at('first.npy'), '--json'])).stdout);
      const scale = Math.max(...expected.map(Math.abs));
      prediction.logits.forEach((value: number, i: number) => expect(Math.abs(value - expected[i]!) / scale).toBeLessThan(1e-4));
    }
    const png = new PNG({ width: 40, height: 30 });
    for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 37) % 256;
    writeFileSync(at('image.png'), PNG.sync.write(png));
    const lines = ok(fbnas(['zoo', 'predict', 'tiny_reference', '--manifest', at('manifest.json'), '--weights', at('tiny-tfjs'), '--input', at('image.png')])).stdout;
    expect(lines.split('\n').filter((line) => /class\s+\d+\s+p = /.test(line))).toHaveLength(5);
  });

  it('zoo import + zoo predict of an FBNetV3-rules checkpoint (less_se_channels, dw padding overrides) match PyTorch', () => {
    const v3 = tinyManifest('http://127.0.0.1:1/unused.pth');
    Object.assign(v3.models[0]!, { name: 'tiny_v3_reference', family: 'FBNetV3', architecture: 'tiny-v3-arch.json' });
    copyFileSync(fixture('tiny-v3-arch.json'), at('tiny-v3-arch.json'));
    writeFileSync(at('v3-manifest.json'), JSON.stringify(v3));
    ok(fbnas(['zoo', 'import', 'tiny_v3_reference', '--manifest', at('v3-manifest.json'), '--from', fixture('tiny-v3.zip.pth'), '--out', at('tiny-v3-tfjs')]));
    const npy = readFileSync(fixture('tiny-v3-input.npy'));
    const headerLength = npy.readUInt16LE(8);
    const all = new Float32Array(npy.buffer.slice(npy.byteOffset + 10 + headerLength, npy.byteOffset + npy.byteLength));
    writeNpy(at('v3-first.npy'), all.subarray(0, 32 * 32 * 3), [1, 32, 32, 3]);
    const expected = JSON.parse(readFileSync(fixture('tiny-v3-expected.json'), 'utf8')).logits[0] as number[];
    const prediction = JSON.parse(ok(fbnas(['zoo', 'predict', 'tiny_v3_reference', '--manifest', at('v3-manifest.json'), '--weights', at('tiny-v3-tfjs'), '--input', at('v3-first.npy'), '--json'])).stdout);
    const scale = Math.max(...expected.map(Math.abs));
    prediction.logits.forEach((value: number, i: number) => expect(Math.abs(value - expected[i]!) / scale).toBeLessThan(1e-4));
  });

  it('zoo pull from a loopback manifest URL: verified, converted, cached, the .pth removed', async () => {
    const pulled = JSON.parse(ok(await fbnasAsync(['zoo', 'pull', 'tiny_reference', '--manifest', `http://127.0.0.1:${port}/zoo/manifest.json`, '--json'])).stdout);
    expect(pulled.checksum).toBe('manifest');
    expect(existsSync(join(pulled.directory, 'model.json'))).toBe(true);
    expect(existsSync(join(home, 'downloads', 'tiny_reference.pth'))).toBe(false);
    const prediction = ok(fbnas(['zoo', 'predict', 'tiny_reference', '--manifest', at('manifest.json'), '--input', at('first.npy'), '--json']));
    expect(JSON.parse(prediction.stdout).top5).toHaveLength(5);
  });

  it('search (DNAS, DMaskingNAS, dry run), train, eval, export', () => {
    const search = JSON.parse(ok(fbnas(['search', '--space', 'fbnet-micro-28', '--epochs', '2', '--train-images', '64', '--batch-size', '32', '--cost', 'macs', '--samples', '1', '--out', at('search'), '--json'])).stdout);
    expect(search.architectures).toHaveLength(2);
    expect(existsSync(at('search', 'architecture.json'))).toBe(true);

    const mask = JSON.parse(ok(fbnas(['search', '--space', 'fbnetv2-micro-28', '--target-macs', '600000', '--epochs', '2', '--train-images', '64', '--batch-size', '32', '--theta-temperature', '2', '--out', at('mask'), '--json'])).stdout);
    expect(mask.macs).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(at('mask', 'config.json'), 'utf8')).search.architectureTemperature).toEqual({ kind: 'constant', value: 2 });
    // A resume must give the same θ temperature: the error names the flag.
    const other = fbnas(['search', '--space', 'fbnetv2-micro-28', '--target-macs', '600000', '--epochs', '2', '--train-images', '64', '--batch-size', '32', '--out', at('mask')]);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/started with --theta-temperature/);

    const dry = JSON.parse(ok(fbnas(['search', '--dry-run', '--batch-size', '2', '--json'])).stdout);
    expect(dry.space).toBe('fbnet-micro-28');
    expect(Number.isFinite(dry.loss)).toBe(true);

    const trained = JSON.parse(ok(fbnas(['train', '--arch', at('search', 'architecture.json'), '--epochs', '1', '--train-images', '64', '--out', at('train'), '--json'])).stdout);
    expect(trained.testAccuracy).toBeGreaterThanOrEqual(0);
    const again = fbnas(['train', '--arch', at('search', 'architecture.json'), '--epochs', '1', '--train-images', '64', '--out', at('train')]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already holds a trained model.*--force/s);

    const evaluation = JSON.parse(ok(fbnas(['eval', '--model', at('train', 'model'), '--json'])).stdout);
    expect(evaluation.accuracy).toBeCloseTo(trained.testAccuracy, 6);

    ok(fbnas(['export', '--run', at('train'), '--out', at('exported')]));
    expect(existsSync(at('exported', 'model.json'))).toBe(true);
    expect(fbnas(['export', '--run', at('train'), '--out', at('exported')]).status).toBe(1);

    // FBNetV3's recipe dimensions as flags: recorded in config.json; the saved (EMA) model, with its dropout
    // layers, loads and evaluates.
    const recipe = ['--optimizer', 'rmsprop', '--learning-rate', '0.01', '--weight-decay', '0.0001', '--mixup', '0.2', '--dropout', '0.2', '--stochastic-depth', '0.1', '--ema', '0.9'];
    const withRecipe = JSON.parse(ok(fbnas(['train', '--arch', at('search', 'architecture.json'), '--epochs', '1', '--train-images', '64', ...recipe, '--out', at('recipe'), '--json'])).stdout);
    expect(JSON.parse(readFileSync(at('recipe', 'config.json'), 'utf8')).train).toMatchObject({
      optimizer: 'rmsprop', learningRate: 0.01, weightDecay: 0.0001, mixup: 0.2, dropout: 0.2, stochasticDepth: 0.1, ema: 0.9,
    });
    expect(JSON.parse(ok(fbnas(['eval', '--model', at('recipe', 'model'), '--json'])).stdout).accuracy).toBeCloseTo(withRecipe.testAccuracy, 6);
    expect(fbnas(['train', '--arch', 'a.json', '--optimizer', 'lamb']).stderr).toMatch(/--optimizer expects one of sgd, rmsprop, adam/);
  });

  it('latency build, predict and validate', () => {
    ok(fbnas(['latency', 'build', '--space', 'fbnet-micro-28', '--repeats', '2', '--out', at('micro.lut.json')]));
    const sample = Object.fromEntries(JSON.parse(readFileSync(at('micro.lut.json'), 'utf8')).layers ? Object.entries(JSON.parse(readFileSync(at('micro.lut.json'), 'utf8')).layers as Record<string, Record<string, unknown>>).map(([id, row]) => [id, Object.keys(row)[0]]) : []);
    writeFileSync(at('sample.json'), JSON.stringify(sample));
    expect(JSON.parse(ok(fbnas(['latency', 'predict', '--lut', at('micro.lut.json'), '--sample', at('sample.json'), '--json'])).stdout).predictedUs).toBeGreaterThan(0);
    expect(JSON.parse(ok(fbnas(['latency', 'validate', '--lut', at('micro.lut.json'), '--samples', '2', '--json'])).stdout).samples).toBe(2);
    // A table entry of 1e308 (Infinity in float32) is refused before the run folder holds anything.
    const table = JSON.parse(readFileSync(at('micro.lut.json'), 'utf8'));
    const [layer, row] = Object.entries(table.layers as Record<string, Record<string, { median: number }>>)[0]!;
    row[Object.keys(row)[0]!]!.median = 1e308;
    table.layers[layer] = row;
    writeFileSync(at('bad.lut.json'), JSON.stringify(table));
    const bad = fbnas(['search', '--lut', at('bad.lut.json'), '--epochs', '2', '--train-images', '64', '--out', at('bad-search')]);
    expect(bad.status, bad.stderr).toBe(1);
    expect(bad.stderr).toMatch(/expected cost of the initial architecture distribution is (Infinity|NaN)/);
    expect(existsSync(at('bad-search', 'config.json'))).toBe(false);
  });

  it('demo (shortened)', () => {
    const demo = JSON.parse(ok(fbnas(['demo', '--epochs', '2', '--train-epochs', '1', '--train-images', '200', '--repeats', '2', '--out', at('demo'), '--json'])).stdout);
    expect(demo.testAccuracy).toBeGreaterThan(0);
    expect(demo.meanMaxProbability).toBeGreaterThan(1 / 9 - 1e-6);
    expect(demo.meanMaxProbability).toBeLessThanOrEqual(1);
    expect(Number.isFinite(demo.expectedLatencyUs.uniformUs) && Number.isFinite(demo.expectedLatencyUs.finalUs)).toBe(true);
    expect(existsSync(at('demo', 'search', 'architecture.json'))).toBe(true);
  });

  it('search --recipe small runs the small-data recipe and records it in config.json; the default is the paper\'s', () => {
    ok(fbnas(['search', '--recipe', 'small', '--epochs', '2', '--train-images', '64', '--cost', 'macs', '--samples', '0', '--out', at('recipe-small')]));
    const small = JSON.parse(readFileSync(at('recipe-small', 'config.json'), 'utf8')).search;
    expect(small).toMatchObject({ temperature: { kind: 'constant', value: 5 }, architectureLearningRate: 1, architectureSchedule: 'cosine', gumbelSamples: 'example' });
    ok(fbnas(['search', '--epochs', '2', '--train-images', '64', '--cost', 'macs', '--samples', '0', '--out', at('recipe-paper')]));
    const paper = JSON.parse(readFileSync(at('recipe-paper', 'config.json'), 'utf8')).search;
    expect(paper).toMatchObject({ temperature: { kind: 'exponential', initial: 5 }, architectureLearningRate: 0.01 });
    expect(paper.gumbelSamples).toBeUndefined();
  });

  it('demo --compare-random retrains 5 random architectures of equal or lower predicted latency and compares', () => {
    const demo = JSON.parse(ok(fbnas(['demo', '--epochs', '2', '--train-epochs', '1', '--train-images', '100', '--repeats', '2', '--compare-random', '--out', at('demo-random'), '--json'])).stdout);
    const { random, medianRandomAccuracy, searchedBeatsMedian, folder } = demo.comparison;
    expect(random).toHaveLength(5);
    for (const r of random) {
      expect(r.predictedLatencyUs).toBeLessThanOrEqual(demo.predictedLatencyUs);
      expect(existsSync(at('demo-random', 'compare-random', r.name, 'model', 'model.json'))).toBe(true);
    }
    const sorted = random.map((r: { testAccuracy: number }) => r.testAccuracy).sort((a: number, b: number) => a - b);
    expect(medianRandomAccuracy).toBe(sorted[2]);
    expect(searchedBeatsMedian).toBe(demo.testAccuracy > sorted[2]);
    const experiment = JSON.parse(readFileSync(join(folder, 'experiment.json'), 'utf8'));
    expect(experiment.points.map((p: { kind: string }) => p.kind)).toEqual(['searched', 'random', 'random', 'random', 'random', 'random']);
    expect(experiment.points[0].accuracy).toBe(demo.testAccuracy);
    // The comparison folder is an experiment folder that fbnas report plots.
    expect(ok(fbnas(['report', folder])).stdout).toMatch(/report\.html/);
  });
  it('demo --compare-random --compare-data retrains the searched and the random architectures alike on that data', () => {
    // A tiny MNIST-layout folder (uncompressed IDX): 60 training and 40 test images, each class a brighter band.
    const idx = (words: number[], data: Uint8Array) => {
      const header = Buffer.alloc(4 * words.length);
      words.forEach((word, i) => header.writeUInt32BE(word, 4 * i));
      return Buffer.concat([header, data]);
    };
    const split = (count: number, prefix: string) => {
      const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
      const pixels = new Uint8Array(count * 784).map((_, p) => (Math.floor((p % 784) / 28) >> 1 === labels[Math.floor(p / 784)]! ? 200 : 10));
      writeFileSync(at('tiny-mnist', `${prefix}-images-idx3-ubyte`), idx([0x803, count, 28, 28], pixels));
      writeFileSync(at('tiny-mnist', `${prefix}-labels-idx1-ubyte`), idx([0x801, count], labels));
    };
    mkdirSync(at('tiny-mnist'), { recursive: true });
    split(60, 'train');
    split(40, 't10k');
    const demo = JSON.parse(ok(fbnas([
      'demo', '--epochs', '2', '--train-epochs', '1', '--train-images', '100', '--repeats', '2', '--compare-random',
      '--compare-data', `fashion-mnist:${at('tiny-mnist')}`, '--compare-images', '50', '--compare-epochs', '2', '--out', at('demo-data'), '--json',
    ])).stdout);
    const { data, epochs, searchedAccuracy, random, medianRandomAccuracy, searchedBeatsMedian, folder } = demo.comparison;
    expect([data, epochs]).toEqual([`fashion-mnist:${at('tiny-mnist')}`, 2]);
    // Every architecture of the comparison, the searched one included, retrained on 50 of the folder's 60 images for 2
    // epochs and tested on its 40 test images.
    for (const name of ['searched', ...random.map((r: { name: string }) => r.name)]) {
      const config = JSON.parse(readFileSync(join(folder, name, 'config.json'), 'utf8'));
      expect(config.inputs.data).toEqual({ spec: `fashion-mnist:${at('tiny-mnist')}`, trainImages: 50, count: 50 });
      expect(config.train.epochs).toBe(2);
      const accuracy = JSON.parse(readFileSync(join(folder, name, 'result.json'), 'utf8')).testAccuracy;
      expect(Number.isInteger(Math.round(accuracy * 40 * 1e6) / 1e6)).toBe(true);
    }
    expect(searchedAccuracy).toBe(JSON.parse(readFileSync(join(folder, 'searched', 'result.json'), 'utf8')).testAccuracy);
    expect(searchedBeatsMedian).toBe(searchedAccuracy > medianRandomAccuracy);
    const experiment = JSON.parse(readFileSync(join(folder, 'experiment.json'), 'utf8'));
    expect(experiment.points[0]).toMatchObject({ kind: 'searched', accuracy: searchedAccuracy, run: 'searched' });
    expect(experiment.description).toContain(`fashion-mnist:${at('tiny-mnist')}`);
  });

  it('demo refuses the comparison flags without --compare-random, and --compare-images without --compare-data', () => {
    const without = fbnas(['demo', '--compare-data', 'fashion-mnist', '--out', at('demo-refused')]);
    expect(without.status).toBe(2);
    expect(without.stderr).toMatch(/fbnas demo: --compare-data, --compare-images and --compare-epochs set the comparison of --compare-random/);
    const images = fbnas(['demo', '--compare-random', '--compare-images', '10', '--out', at('demo-refused')]);
    expect(images.status).toBe(2);
    expect(images.stderr).toMatch(/--compare-images and --compare-epochs apply to --compare-data/);
    expect(existsSync(at('demo-refused'))).toBe(false);
  });
});

describe('run folders', () => {
  it('a second search on the same --out fails at once, naming the holder’s pid; the first finishes', async () => {
    const args = [bin, 'search', '--space', 'fbnet-micro-28', '--epochs', '2', '--train-images', '64', '--batch-size', '32', '--cost', 'macs', '--samples', '0', '--out', at('locked')];
    const first = spawn('node', args, { cwd: root, env: { ...process.env, FBNAS_HOME: home } });
    let firstErr = '';
    first.stderr.on('data', (chunk) => (firstErr += chunk));
    const firstDone = new Promise<number | null>((resolve) => first.on('exit', resolve));
    // Wait until the first process holds the lock.
    const started = Date.now();
    while (!existsSync(at('locked', '.lock')) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
    const second = spawnSync('node', args, { encoding: 'utf8', cwd: root });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`in use by fbnas process ${first.pid}`);
    expect(await firstDone, firstErr).toBe(0);
  });

  it('a resume with other inputs names the flag that differs', () => {
    const changed = fbnas(['search', '--space', 'fbnet-micro-28', '--epochs', '2', '--train-images', '80', '--batch-size', '32', '--cost', 'macs', '--samples', '1', '--out', at('search')]);
    expect(changed.status).toBe(1);
    expect(changed.stderr).toMatch(/started with --train-images 64.*gives 80/s);
  });
});
