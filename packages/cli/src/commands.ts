import type { TrainArchitectureConfig } from '@fbnas/train';
import type { RewardScale } from '@fbnas/multitask';
import type { CommandSpec, Flags } from './command-spec';
import { backendCommand } from './commands/backend';
import { demoCommand } from './commands/demo';
import { DEMO_BETA, DEMO_RECIPE, DEMO_SEARCH_EPOCHS, DEMO_TRAIN_EPOCHS } from './workflows/demo-workflow';
import { evaluateCommand, exportCommand } from './commands/evaluate';
import { latencyBuildCommand, latencyFitCommand, latencyPredictCommand, latencyValidateCommand } from './commands/latency';
import { multitaskSearchCommand } from './commands/multitask-search';
import { multitaskTrainCommand } from './commands/multitask-train';
import { narsEvolveCommand } from './commands/nars-evolve';
import { narsRunCommand } from './commands/nars-run';
import { workerCommand } from './commands/worker';
import { reportCommand } from './commands/report';
import { searchCommand } from './commands/search';
import { trainCommand } from './commands/train';
import { zooInfoCommand } from './commands/zoo-info';
import { zooListCommand } from './commands/zoo-list';
import { zooPredictCommand } from './commands/zoo-predict';
import { zooImportCommand, zooPullCommand } from './commands/zoo-transfer';
import type { FlagName } from './flags';
import { opsFromFlag } from './ops-flag';
import { SEARCH_RECIPE_SUMMARIES, type SearchRecipe } from './workflows/search-recipes';

const str = (flags: Flags, name: keyof Flags) => flags[name] as string | undefined;
const num = (flags: Flags, name: keyof Flags) => flags[name] as number | undefined;
const bool = (flags: Flags, name: keyof Flags) => flags[name] === true;
/** The op registry of `--ops MODULE` (the built-ins when not given). */
const ops = (flags: Flags) => opsFromFlag(str(flags, 'ops'));
/** The training config fields given by flags (absent flags stay absent, so config.json keeps its old form). */
const recipeConfig = (flags: Flags): Partial<TrainArchitectureConfig> => {
  const fields: [keyof TrainArchitectureConfig, FlagName][] = [
    ['batchSize', 'batch-size'], ['learningRate', 'learning-rate'], ['weightDecay', 'weight-decay'], ['optimizer', 'optimizer'], ['mixup', 'mixup'],
    ['dropout', 'dropout'], ['stochasticDepth', 'stochastic-depth'], ['ema', 'ema'],
  ];
  return Object.fromEntries(fields.filter(([, flag]) => flags[flag] !== undefined).map(([field, flag]) => [field, flags[flag]]));
};
/** A fresh, timestamped run folder under runs/ when --out is not given. */
const runFolder = (flags: Flags, kind: string) => str(flags, 'out') ?? `runs/${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}`;

const SEARCH_FLAGS = [
  'space', 'ops', 'data', 'epochs', 'out', 'seed', 'batch-size', 'recipe', 'mode', 'train-images', 'cost', 'lut', 'alpha', 'beta', 'samples',
  'target-macs', 'target-params', 'target-latency', 'latency-model', 'lambda', 'pick-resolution', 'pick-architecture', 'pick-epochs', 'theta-temperature', 'data-parallel', 'dry-run', 'json',
] as const;

/** Every `fbnas` command, in the order of the usage text. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    path: 'demo', summary: 'measure a latency table here, search fbnet-micro-28 on the embedded Fashion-MNIST subset, retrain, report',
    flags: {
      out: true, seed: true, json: true, epochs: { min: 2, description: `search epochs (default ${DEMO_SEARCH_EPOCHS})` }, 'train-epochs': { description: `retraining epochs (default ${DEMO_TRAIN_EPOCHS})` },
      'train-images': { description: 'use at most N of the 2500 embedded training images (default all)' }, repeats: { description: 'timed runs per block of the latency table (default 30)' },
      beta: { description: `β of CE·α·(log LAT)^β (default ${DEMO_BETA} here; FBNet's 0.6 lets the accuracy term win in a run this short)` }, 'compare-random': true,
      'compare-data': true, 'compare-images': true, 'compare-epochs': true,
      recipe: { description: `${DEMO_RECIPE} (default here): ${SEARCH_RECIPE_SUMMARIES[DEMO_RECIPE]}; paper: ${SEARCH_RECIPE_SUMMARIES.paper}` },
    },
    backend: true,
    run: ({ flags, io }) => demoCommand({
      out: str(flags, 'out'), seed: num(flags, 'seed') ?? 0, json: bool(flags, 'json'), searchEpochs: num(flags, 'epochs'), trainEpochs: num(flags, 'train-epochs'),
      trainImages: num(flags, 'train-images'), repeats: num(flags, 'repeats'), compareRandom: bool(flags, 'compare-random'), compareData: str(flags, 'compare-data'), compareImages: num(flags, 'compare-images'), compareEpochs: num(flags, 'compare-epochs'), recipe: str(flags, 'recipe') as SearchRecipe | undefined, beta: num(flags, 'beta'),
    }, io),
  },
  {
    path: 'search', summary: 'DNAS search (FBNet) on fbnet* spaces, DMaskingNAS (FBNetV2) on fbnetv2* spaces; re-run on the same --out to resume',
    flags: Object.fromEntries(SEARCH_FLAGS.map((name) => [name, true])),
    notes: [
      'DNAS spaces (fbnet-micro-28, fbnet-micro-32, fbnet, files of format fbnas.space/v1): --cost, --lut, --alpha, --beta, --recipe, --mode, --samples, --pick-architecture, --data-parallel',
      'DMaskingNAS spaces (fbnetv2-micro-28, fbnetv2-micro-32, fbnetv2, files of format fbnas.mask-space/v1): --target-macs, --target-params or --target-latency with --latency-model, --lambda, --pick-resolution, --pick-epochs',
      'ops of your own: --ops MODULE (an ES module: export const opSpecs = [spec, …]), used by a --space FILE.json naming them',
    ],
    backend: true,
    run: ({ flags, io }) => searchCommand(flags, io, runFolder(flags, 'search')),
  },
  {
    path: 'train', summary: 'train an architecture from scratch, test it and measure its latency; re-run on the same --out to resume',
    flags: {
      arch: true, ops: true, data: true, epochs: { description: 'number of epochs (default 10)' }, out: true, seed: true, 'train-images': true, 'batch-size': true,
      'learning-rate': true, 'weight-decay': true, optimizer: true, mixup: true, dropout: true, 'stochastic-depth': true, ema: true,
      force: { description: 'train again although --out holds a finished model' }, 'data-parallel': true, json: true,
    },
    notes: ['the training recipe (FBNetV3\'s dimensions): --optimizer, --learning-rate, --weight-decay, --mixup, --dropout, --stochastic-depth, --ema'],
    required: ['arch'],
    backend: true,
    run: async ({ flags, io }) => trainCommand({
      arch: str(flags, 'arch')!, ops: await ops(flags), opsModule: str(flags, 'ops'), data: str(flags, 'data') ?? 'embedded', out: runFolder(flags, 'train'), epochs: num(flags, 'epochs') ?? 10,
      seed: num(flags, 'seed') ?? 0, trainImages: num(flags, 'train-images'), force: bool(flags, 'force'), json: bool(flags, 'json'),
      config: recipeConfig(flags), dataParallel: num(flags, 'data-parallel'),
    }, io),
  },
  {
    path: 'eval', summary: 'test accuracy of a saved model', flags: { model: true, data: true, json: true }, required: ['model'], backend: true,
    run: ({ flags, io }) => evaluateCommand({ model: str(flags, 'model')!, data: str(flags, 'data') ?? 'embedded', json: bool(flags, 'json') }, io),
  },
  {
    path: 'export', summary: 'the trained model of a `fbnas train` run as a tfjs artifact, with its architecture and results',
    flags: { run: true, out: true, force: { description: 'replace a model already in --out' } }, required: ['run', 'out'], backend: true,
    run: ({ flags, io }) => exportCommand({ run: str(flags, 'run')!, out: str(flags, 'out')!, force: bool(flags, 'force') }, io),
  },
  {
    path: 'report', args: ['RUN_DIR'], summary: 'an HTML page of figures (inline SVG, opens offline) of a search, train, nars run, multitask search, experiment or demo folder',
    flags: { out: { value: 'FILE', description: 'the HTML file (default RUN_DIR/report.html)' }, ops: true, json: true }, backend: false,
    run: async ({ flags, args, io }) => reportCommand(args[0]!, { out: str(flags, 'out'), json: bool(flags, 'json'), ops: await ops(flags) }, io),
  },
  {
    path: 'latency build', summary: 'measure the latency table (fbnas.lut/v1) of a space on this machine, or on a queue worker\'s',
    flags: {
      space: true, ops: true, 'batch-size': true, repeats: true, out: { value: 'FILE', description: 'the table file (default <space>.lut.json)' },
      queue: { description: 'have a worker of this BullMQ queue (redis://host:port) measure it: start `fbnas worker --queue URL` on the target device' }, json: true,
    },
    backend: true,
    run: async ({ flags, io }) => latencyBuildCommand({
      space: str(flags, 'space') ?? 'fbnet-micro-28', ops: await ops(flags), opsModule: str(flags, 'ops'), out: str(flags, 'out'), batchSize: num(flags, 'batch-size'),
      repeats: num(flags, 'repeats'), queue: str(flags, 'queue'), json: bool(flags, 'json'),
    }, io),
  },
  {
    path: 'latency fit', summary: 'fit a linear latency model (fbnas.latency-model/v1) of a DMaskingNAS space to random networks timed on this machine',
    flags: {
      space: true, ops: true, 'batch-size': true, repeats: { description: 'timed runs per network (default 60)' }, seed: { description: 'seed of the random networks\' draw (default 0)' },
      networks: true,
      out: { value: 'FILE', description: 'the model file (default <space>.latency-model.json)' },
      queue: { description: 'have a worker of this BullMQ queue (redis://host:port) fit it: start `fbnas worker --queue URL` on the target device' }, json: true,
    },
    required: ['space'], backend: true,
    run: async ({ flags, io }) => latencyFitCommand({
      space: str(flags, 'space')!, ops: await ops(flags), opsModule: str(flags, 'ops'), out: str(flags, 'out'), networks: num(flags, 'networks'), seed: num(flags, 'seed') ?? 0,
      batchSize: num(flags, 'batch-size'), repeats: num(flags, 'repeats'), queue: str(flags, 'queue'), json: bool(flags, 'json'),
    }, io),
  },
  {
    path: 'latency predict', summary: 'the latency a table predicts for an architecture sample',
    flags: { space: true, ops: true, lut: true, sample: true, json: true }, required: ['lut', 'sample'], backend: false,
    run: async ({ flags, io }) => latencyPredictCommand({
      space: str(flags, 'space') ?? 'fbnet-micro-28', ops: await ops(flags), lut: str(flags, 'lut')!, sample: str(flags, 'sample')!, json: bool(flags, 'json'),
    }, io),
  },
  {
    path: 'latency validate', summary: 'predicted vs measured latency of random architectures of the space: a DNAS space\'s table (--lut) or a DMaskingNAS space\'s model (--latency-model)',
    flags: {
      space: true, ops: true, lut: true, 'latency-model': true, samples: { min: 2, description: 'number of random architectures timed (default 30)' },
      seed: { description: 'seed of the architectures\' draw (default 0; with --latency-model, the fit\'s seed + 1: networks it was not fitted on)' }, json: true,
    },
    backend: true,
    run: async ({ flags, io }) => latencyValidateCommand({
      space: str(flags, 'space') ?? 'fbnet-micro-28', ops: await ops(flags), lut: str(flags, 'lut'), latencyModel: str(flags, 'latency-model'), samples: num(flags, 'samples'),
      seed: num(flags, 'seed'), json: bool(flags, 'json'),
    }, io),
  },
  {
    path: 'backend', summary: 'which tfjs backend fbnas uses here, and why the better ones were skipped', flags: { json: true }, backend: false,
    run: ({ flags, io }) => backendCommand({ json: bool(flags, 'json') }, io),
  },
  {
    path: 'nars run', summary: 'FBNetV3: train QMC candidates with their recipes, fit the predictor, train its picks (resumable)',
    flags: {
      space: { value: 'NAME|FILE.json', description: 'a joint space: nars-micro-28 (default), nars-micro-32, nars-imagenet, or an fbnas.joint-space/v1 file' },
      data: true, 'train-images': true, 'target-macs': { description: 'MAC budget of every candidate (inclusive)' },
      'target-params': { description: 'parameter (conv weights) budget of every candidate (inclusive)' }, pool: true, 'first-batch': true, iterations: true,
      'per-iteration': true, 'pretrain-count': true, 'pareto-budgets': true, workers: true, queue: { description: 'train candidates through a BullMQ queue on this Redis (redis://host:port), served by `fbnas worker --queue URL` processes, instead of local workers' }, seed: true, out: true, json: true,
    },
    backend: true,
    run: ({ flags, io }) => narsRunCommand({
      space: str(flags, 'space') ?? 'nars-micro-28', data: str(flags, 'data') ?? 'embedded', trainImages: num(flags, 'train-images'),
      targetMacs: num(flags, 'target-macs'), targetParams: num(flags, 'target-params'), pool: num(flags, 'pool'), firstBatch: num(flags, 'first-batch'),
      iterations: num(flags, 'iterations'), perIteration: num(flags, 'per-iteration'), pretrainCount: num(flags, 'pretrain-count'), paretoBudgets: num(flags, 'pareto-budgets'),
      workers: num(flags, 'workers'), queue: str(flags, 'queue'), seed: num(flags, 'seed') ?? 0, out: runFolder(flags, 'nars'), json: bool(flags, 'json'),
    }, io),
  },
  {
    path: 'nars evolve', summary: 'FBNetV3: the best architecture–recipe pair for a budget, by a trained predictor (CPU seconds)',
    flags: {
      predictor: true, space: { value: 'NAME|FILE.json', description: 'a joint space: nars-micro-28, nars-micro-32, nars-imagenet, or an fbnas.joint-space/v1 file' },
      'target-macs': { description: 'MAC budget (inclusive)' }, 'target-params': { description: 'parameter (conv weights) budget (inclusive)' }, seed: true, out: true, json: true,
    },
    required: ['predictor', 'space'],
    backend: true,
    run: ({ flags, io }) => narsEvolveCommand({
      predictor: str(flags, 'predictor')!, space: str(flags, 'space')!, targetMacs: num(flags, 'target-macs'), targetParams: num(flags, 'target-params'),
      seed: num(flags, 'seed') ?? 0, out: str(flags, 'out'), json: bool(flags, 'json'),
    }, io),
  },
  {
    path: 'multitask search', summary: 'FBNetV5: one search for several tasks (classification, segmentation, box) on a multi-task dataset; re-run on --out to resume',
    flags: {
      data: true, tasks: true, 'target-macs': { description: 'every task\'s MAC budget per image (default: halfway between its smallest and largest network)' },
      epochs: { description: 'number of epochs (default 6)' },
      'warmup-epochs': true, 'policy-lr': true, 'cost-weight': true, reward: true, 'uniform-mix': true, 'policy-split': true,
      seed: true, 'batch-size': true, 'train-images': true, out: true, json: true,
    },
    backend: true,
    run: ({ flags, io }) => multitaskSearchCommand({
      data: str(flags, 'data') ?? 'embedded', tasks: str(flags, 'tasks'), targetMacs: num(flags, 'target-macs'), epochs: num(flags, 'epochs') ?? 6,
      warmupEpochs: num(flags, 'warmup-epochs'), policyLearningRate: num(flags, 'policy-lr'), costWeight: num(flags, 'cost-weight'), reward: str(flags, 'reward') as RewardScale | undefined,
      uniformMix: num(flags, 'uniform-mix'), policySplit: num(flags, 'policy-split'), seed: num(flags, 'seed') ?? 0, batchSize: num(flags, 'batch-size'), trainImages: num(flags, 'train-images'), out: runFolder(flags, 'multitask'), json: bool(flags, 'json'),
    }, io),
  },
  {
    path: 'multitask train', summary: 'FBNetV5: train one task\'s searched architecture (<task>.arch.json of a multitask search) alone and test it; re-run on --out to resume',
    flags: {
      arch: { value: 'FILE', description: 'a task architecture (fbnas.multitask-arch/v1), e.g. runs/v5/segmentation.arch.json' }, data: true,
      epochs: { description: 'number of epochs (default 10)' }, seed: true, 'batch-size': true, 'train-images': true, out: true, json: true,
    },
    required: ['arch'],
    backend: true,
    run: ({ flags, io }) => multitaskTrainCommand({
      arch: str(flags, 'arch')!, data: str(flags, 'data') ?? 'embedded', epochs: num(flags, 'epochs') ?? 10, seed: num(flags, 'seed') ?? 0,
      batchSize: num(flags, 'batch-size'), trainImages: num(flags, 'train-images'), out: runFolder(flags, 'multitask-train'), json: bool(flags, 'json'),
    }, io),
  },
  {
    path: 'worker', summary: 'serve training jobs from a BullMQ queue on Redis (start one per core, on any machines)',
    flags: {
      queue: { description: 'the Redis server of the queue, redis://host:port' }, concurrency: true,
      scratch: { value: 'DIR', description: 'train each job in DIR/<job id>-<hash> on this machine instead of the coordinator\'s path (for workers on other machines)' },
    },
    required: ['queue'], backend: true,
    run: ({ flags, io }) => workerCommand({ queue: str(flags, 'queue')!, concurrency: num(flags, 'concurrency'), scratch: str(flags, 'scratch') }, io),
  },
  {
    path: 'zoo list', summary: 'the pretrained models', flags: { json: true, manifest: true }, backend: false,
    run: ({ flags, io }) => zooListCommand({ json: bool(flags, 'json'), manifest: str(flags, 'manifest') }, io),
  },
  {
    path: 'zoo info', args: ['NAME'], summary: 'counted vs published MACs and parameters, top-1, weights URL and licence',
    flags: { json: true, manifest: true, ops: true }, backend: false,
    run: async ({ flags, args, io }) => zooInfoCommand(args[0]!, { json: bool(flags, 'json'), manifest: str(flags, 'manifest'), ops: await ops(flags) }, io),
  },
  {
    path: 'zoo pull', args: ['NAME'], summary: 'download, verify (sha256), convert and cache a model’s weights',
    flags: { force: { description: 'download and convert again although cached' }, manifest: true, ops: true, 'keep-download': true, json: true }, backend: true,
    run: async ({ flags, args, io }) => zooPullCommand(args[0]!, {
      force: bool(flags, 'force'), manifest: str(flags, 'manifest'), ops: await ops(flags), keepDownload: bool(flags, 'keep-download'), json: bool(flags, 'json'),
    }, io),
  },
  {
    path: 'zoo import', args: ['NAME'], summary: 'convert a local reference checkpoint (offline)',
    flags: { from: true, out: true, manifest: true, ops: true, force: { description: 'replace a model already in --out' } }, required: ['from', 'out'], backend: true,
    run: async ({ flags, args, io }) => zooImportCommand(args[0]!, {
      from: str(flags, 'from')!, out: str(flags, 'out')!, manifest: str(flags, 'manifest'), ops: await ops(flags), force: bool(flags, 'force'),
    }, io),
  },
  {
    path: 'zoo predict', args: ['NAME'], summary: 'top-5 classes of a JPEG/PNG image or a float32 NHWC .npy tensor',
    flags: { input: true, weights: true, manifest: true, ops: true, json: true }, required: ['input'], backend: true,
    run: async ({ flags, args, io }) => zooPredictCommand(args[0]!, {
      input: str(flags, 'input')!, weights: str(flags, 'weights'), manifest: str(flags, 'manifest'), ops: await ops(flags), json: bool(flags, 'json'),
    }, io),
  },
];
