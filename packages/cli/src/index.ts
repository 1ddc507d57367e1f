import { parseArgs } from 'node:util';
import { CliError, processIo, type CliIo } from './cli-io';
import { backendCommand } from './commands/backend';
import { zooInfoCommand } from './commands/zoo-info';
import { zooListCommand } from './commands/zoo-list';
import { zooPredictCommand } from './commands/zoo-predict';
import { zooImportCommand, zooPullCommand } from './commands/zoo-transfer';
import { demoCommand } from './commands/demo';
import { evaluateCommand, exportCommand } from './commands/evaluate';
import { latencyCommand } from './commands/latency';
import { searchCommand } from './commands/search';
import { trainCommand } from './commands/train';

export { CliError, processIo } from './cli-io';
export type { CliIo } from './cli-io';
export { progressBar } from './progress-bar';
export { searchWorkflow } from './workflows/search-workflow';
export type { DerivedArchitecture, SearchWorkflowOptions, SearchWorkflowResult } from './workflows/search-workflow';
export { trainWorkflow } from './workflows/train-workflow';
export type { TrainWorkflowOptions, TrainWorkflowResult } from './workflows/train-workflow';
export { demoWorkflow } from './workflows/demo-workflow';
export type { DemoOptions } from './workflows/demo-workflow';
export { atResolution, loadData } from './workflows/load-data';
export { maskSearchWorkflow } from './workflows/mask-search-workflow';
export type { MaskDerivedArchitecture, MaskSearchTarget, MaskSearchWorkflowOptions, MaskSearchWorkflowResult } from './workflows/mask-search-workflow';

/** The usage text. */
export const USAGE = `usage: fbnas <command>

  fbnas demo [--out DIR]                          search + retrain on the embedded Fashion-MNIST subset
  fbnas search --space NAME [--data D] [--epochs N] [--out DIR] [--seed S] [--batch-size B] [--mode sampled|all]
               [--train-images N] [--cost latency|macs] [--lut FILE] [--alpha A] [--beta B] [--samples K]
               [--dry-run] [--json]              DNAS search; re-run on the same --out to resume
  fbnas search --space fbnetv2-micro-28 [--target-macs N | --target-params N] [--lambda L] [same flags]
                                                  FBNetV2 DMaskingNAS search (channels, expansion, resolution)
  fbnas train --arch FILE [--data D] [--epochs N] [--out DIR] [--seed S] [--train-images N] [--json]
  fbnas eval --model DIR [--data D] [--json]      test accuracy of a saved model
  fbnas export --run DIR --out DIR                the trained model of a run, as a tfjs artifact
  fbnas latency build --space NAME [--batch-size B] [--out FILE]
  fbnas latency predict --space NAME --lut FILE --sample FILE
  fbnas latency validate --space NAME --lut FILE [--samples N]
  fbnas backend [--json]                          which tfjs backend is used here, and why
  fbnas zoo list [--json]                         the pretrained FBNet models
  fbnas zoo info NAME [--json]                    counted vs published MACs/params, top-1, licence
  fbnas zoo pull NAME [--force]                   download, verify (sha256), convert and cache weights
  fbnas zoo import NAME --from FILE.pth --out DIR convert a local reference checkpoint (offline)
  fbnas zoo predict NAME --input FILE [--weights DIR|FILE.pth] [--json]
                                                  top-5 classes of a JPEG/PNG image or a float32 NHWC .npy

data D: embedded (default; shipped in @fbnas/data), fashion-mnist[:DIR], mnist[:DIR], cifar10[:DIR].
spaces: fbnet-micro-28 (default), fbnet-micro-32, fbnet (the paper's 224×224 space);
        DMaskingNAS: fbnetv2-micro-28, fbnetv2-micro-32, fbnetv2 (ImageNet-scale reconstruction).
environment: FBNAS_BACKEND=tensorflow|wasm|cpu forces a backend; FBNAS_HOME sets the cache folder.`;

const OPTIONS = {
  json: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  from: { type: 'string' },
  out: { type: 'string' },
  weights: { type: 'string' },
  input: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  space: { type: 'string', default: 'fbnet-micro-28' },
  data: { type: 'string', default: 'embedded' },
  epochs: { type: 'string' },
  seed: { type: 'string', default: '0' },
  'batch-size': { type: 'string' },
  mode: { type: 'string' },
  'train-images': { type: 'string' },
  cost: { type: 'string' },
  lut: { type: 'string' },
  alpha: { type: 'string' },
  beta: { type: 'string' },
  samples: { type: 'string' },
  sample: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'target-macs': { type: 'string' },
  'target-params': { type: 'string' },
  lambda: { type: 'string' },
  arch: { type: 'string' },
  model: { type: 'string' },
  run: { type: 'string' },
} as const;

/** Parses a numeric flag, naming it when the value is not a finite number. */
function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new CliError(`fbnas: --${flag} expects a number, got '${value}'`, 2);
  return parsed;
}

function choiceFlag<T extends string>(value: string | undefined, flag: string, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!choices.includes(value as T)) throw new CliError(`fbnas: --${flag} expects one of ${choices.join(', ')}, got '${value}'`, 2);
  return value as T;
}

function required(value: string | undefined, flag: string, command: string): string {
  if (!value) throw new CliError(`fbnas ${command}: missing ${flag}\n\n${USAGE}`, 2);
  return value;
}

/**
 * Runs the fbnas command line with `argv` (without `node` and the script) and returns the exit code:
 * 0 on success, 1 for failures, 2 for usage errors. Messages go to `io` (default: the process streams).
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw new CliError(`fbnas: ${(error as Error).message}\n\n${USAGE}`, 2);
    }
    const { values, positionals } = parsed;
    const [group, action, name] = positionals;
    if (values.help || !group) {
      io.out(USAGE);
      return values.help ? 0 : 2;
    }
    if (group === 'backend') {
      await backendCommand({ json: values.json }, io);
      return 0;
    }
    const seed = numberFlag(values.seed, 'seed') ?? 0;
    const run = (name: string) => values.out ?? `runs/${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    switch (group) {
      case 'demo':
        await demoCommand({ out: values.out, seed, json: values.json }, io);
        return 0;
      case 'search':
        await searchCommand({
          space: values.space, data: values.data, out: run('search'), epochs: numberFlag(values.epochs, 'epochs') ?? 10, seed,
          batchSize: numberFlag(values['batch-size'], 'batch-size'), mode: choiceFlag(values.mode, 'mode', ['sampled', 'all'] as const),
          trainImages: numberFlag(values['train-images'], 'train-images'), cost: choiceFlag(values.cost, 'cost', ['latency', 'macs'] as const),
          lut: values.lut, alpha: numberFlag(values.alpha, 'alpha'), beta: numberFlag(values.beta, 'beta'),
          samples: numberFlag(values.samples, 'samples'), dryRun: values['dry-run'], json: values.json,
          targetMacs: numberFlag(values['target-macs'], 'target-macs'), targetParams: numberFlag(values['target-params'], 'target-params'),
          lambda: numberFlag(values.lambda, 'lambda'),
        }, io);
        return 0;
      case 'train':
        await trainCommand({
          arch: required(values.arch, '--arch FILE', 'train'), data: values.data, out: run('train'), epochs: numberFlag(values.epochs, 'epochs') ?? 10, seed,
          trainImages: numberFlag(values['train-images'], 'train-images'), batchSize: numberFlag(values['batch-size'], 'batch-size'), json: values.json,
        }, io);
        return 0;
      case 'eval':
        await evaluateCommand({ model: required(values.model, '--model DIR', 'eval'), data: values.data, json: values.json }, io);
        return 0;
      case 'export':
        await exportCommand({ run: required(values.run, '--run DIR', 'export'), out: required(values.out, '--out DIR', 'export') }, io);
        return 0;
      case 'latency':
        await latencyCommand(action ?? '', {
          space: values.space, out: values.out, lut: values.lut, sample: values.sample, batchSize: numberFlag(values['batch-size'], 'batch-size'),
          samples: numberFlag(values.samples, 'samples'), seed, json: values.json,
        }, io);
        return 0;
      default:
        break;
    }
    if (group !== 'zoo') throw new CliError(`fbnas: unknown command '${group}'\n\n${USAGE}`, 2);
    if (action === 'list') {
      zooListCommand({ json: values.json }, io);
      return 0;
    }
    const modelName = required(name, 'NAME', `zoo ${action ?? ''}`.trim());
    switch (action) {
      case 'info':
        zooInfoCommand(modelName, { json: values.json }, io);
        return 0;
      case 'pull':
        await zooPullCommand(modelName, { force: values.force }, io);
        return 0;
      case 'import':
        await zooImportCommand(modelName, { from: required(values.from, '--from FILE.pth', 'zoo import'), out: required(values.out, '--out DIR', 'zoo import') }, io);
        return 0;
      case 'predict':
        await zooPredictCommand(modelName, { weights: values.weights, input: required(values.input, '--input FILE', 'zoo predict'), json: values.json }, io);
        return 0;
      default:
        throw new CliError(`fbnas: unknown zoo command '${action}'\n\n${USAGE}`, 2);
    }
  } catch (error) {
    io.error(error instanceof Error ? error.message : String(error));
    return error instanceof CliError ? error.exitCode : 1;
  }
}
