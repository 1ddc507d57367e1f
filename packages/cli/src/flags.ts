import { usageError } from './cli-io';
import { SEARCH_RECIPE_SUMMARIES } from './workflows/search-recipes';

/** How a flag's value is read and checked. */
export interface FlagSpec {
  /** `boolean`: present or not; `string`: any text; `integer`/`number`: checked numerically; `choice`: one of `choices`. */
  type: 'boolean' | 'string' | 'integer' | 'number' | 'choice';
  /** The value's placeholder in help texts (e.g. `FILE`, `N`). */
  value?: string;
  /** One line for `--help`. */
  description: string;
  /** Smallest accepted value (inclusive). */
  min?: number;
  /** Largest accepted value (inclusive). */
  max?: number;
  /** Values must be greater than this (exclusive lower bound). */
  above?: number;
  /** Accepted values of a `choice` flag. */
  choices?: readonly string[];
  /** One-letter alias. */
  short?: string;
}

const MAX_SEED = 2 ** 32 - 1;

/**
 * Every flag of the fbnas command line: its kind, range and help line. A command lists the ones it accepts
 * (`CommandSpec.flags`, which may narrow a range); any other flag is a usage error naming the command.
 */
export const FLAGS = {
  help: { type: 'boolean', short: 'h', description: 'this help' },
  json: { type: 'boolean', description: 'print the result as JSON on stdout' },
  force: { type: 'boolean', description: 'replace what the target already holds' },
  'keep-download': { type: 'boolean', description: 'keep the downloaded .pth beside the converted model' },
  'dry-run': { type: 'boolean', description: 'build the supernet and run one training step: time and memory only' },
  out: { type: 'string', value: 'DIR', description: 'output folder (a run folder resumes when given again)' },
  from: { type: 'string', value: 'FILE.pth', description: 'a local PyTorch checkpoint of the reference implementation' },
  weights: { type: 'string', value: 'DIR|FILE.pth', description: 'a converted model folder or a reference checkpoint' },
  input: { type: 'string', value: 'FILE', description: 'a JPEG/PNG image or a float32 NHWC .npy tensor' },
  manifest: { type: 'string', value: 'FILE|URL', description: 'a zoo manifest (fbnas.zoo/v1) to use instead of the built-in one' },
  space: { type: 'string', value: 'NAME|FILE.json', description: 'a built-in search space (see `fbnas --help`) or a space file of your own (fbnas.space/v1 or fbnas.mask-space/v1)' },
  ops: { type: 'string', value: 'MODULE', description: 'an ES module of your own op specs (`export const opSpecs = [...]` or `export default [...]`), added to the built-in ops' },
  data: { type: 'string', value: 'D', description: 'embedded (default), fashion-mnist[:DIR], mnist[:DIR] or cifar10[:DIR]' },
  epochs: { type: 'integer', value: 'N', min: 1, max: 100000, description: 'number of epochs' },
  seed: { type: 'integer', value: 'S', min: 0, max: MAX_SEED, description: 'random seed (default 0); every random draw derives from it' },
  'batch-size': { type: 'integer', value: 'B', min: 1, max: 65536, description: 'images per batch' },
  'train-images': { type: 'integer', value: 'N', min: 1, max: 100_000_000, description: 'use at most N training images (seeded, class-balanced)' },
  recipe: { type: 'choice', value: 'R', choices: ['paper', 'small'], description: `paper (default): ${SEARCH_RECIPE_SUMMARIES.paper}; small: ${SEARCH_RECIPE_SUMMARIES.small}` },
  mode: { type: 'choice', value: 'M', choices: ['sampled', 'all'], description: 'sampled: one candidate per layer and step (FBNet); all: every candidate, weighted' },
  cost: { type: 'choice', value: 'C', choices: ['latency', 'macs'], description: 'the cost θ is penalised by: a latency table measured here, or MACs' },
  lut: { type: 'string', value: 'FILE', description: 'a latency table (fbnas.lut/v1) of the space' },
  alpha: { type: 'number', value: 'A', above: 0, max: 1000, description: 'α of CE·α·(log LAT)^β (default 0.2)' },
  beta: { type: 'number', value: 'B', min: 0, max: 10, description: 'β of CE·α·(log LAT)^β (default 0.6)' },
  networks: { type: 'integer', value: 'N', min: 6, max: 10000, description: 'random networks of the space timed (default 40)' },
  samples: { type: 'integer', value: 'K', min: 0, max: 10000, description: 'number of sampled architectures' },
  sample: { type: 'string', value: 'FILE', description: 'an architecture sample: {"layerId": "candidate", …}' },
  'target-macs': { type: 'number', value: 'N', above: 0, max: 1e15, description: 'DMaskingNAS: steer the search to N MACs' },
  'target-params': { type: 'number', value: 'N', above: 0, max: 1e15, description: 'DMaskingNAS: steer the search to N conv weights' },
  'target-latency': { type: 'number', value: 'US', above: 0, max: 1e12, description: 'DMaskingNAS: steer the search to US µs per forward pass, predicted by --latency-model' },
  'latency-model': { type: 'string', value: 'FILE', description: 'a linear latency model (fbnas.latency-model/v1, from fbnas latency fit) of the space' },
  'theta-temperature': {
    type: 'number', value: 'T', above: 0, max: 100,
    description: 'the θ steps\' own Gumbel-softmax temperature, held constant (default: the weights\' τ, as in the paper); a lower τ moves θ where there is no cost term (docs/benchmarks.md)',
  },
  'pick-resolution': {
    type: 'choice', value: 'HOW', choices: ['supernet', 'train'],
    description: 'DMaskingNAS: supernet (default, FBNetV2): θ picks the input resolution; train: one search per resolution, each network trained briefly, the best on held-out images kept',
  },
  'pick-architecture': {
    type: 'choice', value: 'HOW', choices: ['argmax', 'train'],
    description: 'DNAS: argmax (default): the argmax of θ; train: FBNet\'s last step, the argmax and the --samples architectures drawn from P_θ each trained briefly, the one with the lowest search loss on held-out images kept',
  },
  'pick-epochs': { type: 'integer', value: 'N', min: 1, max: 1000, description: 'with --pick-resolution train or --pick-architecture train: training epochs of each candidate network (default 3)' },
  lambda: { type: 'number', value: 'L', min: 0, max: 1e6, description: 'DMaskingNAS: λ of CE + λ·ln(COST/target)² (default 10)' },
  arch: { type: 'string', value: 'FILE', description: 'an architecture (fbnas.arch/v1), e.g. a search’s architecture.json' },
  model: { type: 'string', value: 'DIR', description: 'a saved model folder (model.json + shards)' },
  run: { type: 'string', value: 'DIR', description: 'a `fbnas train` run folder' },
  repeats: { type: 'integer', value: 'N', min: 1, max: 100000, description: 'timed runs per measured block (default 50)' },
  'compare-random': { type: 'boolean', description: 'also retrain 5 random architectures of equal or lower predicted latency the same way, and compare' },
  'compare-data': { type: 'string', value: 'D', description: "the comparison's data, searched and random architectures retrained alike: fashion-mnist[:DIR], mnist[:DIR] or cifar10[:DIR] (default: the demo's own retraining on the embedded subset)" },
  'compare-images': { type: 'integer', value: 'N', min: 1, max: 100_000_000, description: 'use at most N training images of --compare-data (seeded, class-balanced; default all)' },
  'compare-epochs': { type: 'integer', value: 'N', min: 1, max: 100_000, description: 'retraining epochs of the comparison on --compare-data (default --train-epochs, else 30)' },
  'train-epochs': { type: 'integer', value: 'N', min: 1, max: 100000, description: 'retraining epochs' },
  pool: { type: 'integer', value: 'N', min: 2, max: 1_000_000, description: 'NARS: QMC pool of candidates within the budget (default 64)' },
  'first-batch': { type: 'integer', value: 'N', min: 2, max: 10_000, description: 'NARS: candidates trained fully, fixing the early-stop epoch (default 6)' },
  iterations: { type: 'integer', value: 'N', min: 0, max: 1000, description: 'NARS: iterations of predictor picks after the first batch (default 2)' },
  'per-iteration': { type: 'integer', value: 'N', min: 1, max: 10_000, description: 'NARS: candidates trained per iteration (default 3)' },
  'pareto-budgets': { type: 'integer', value: 'N', min: 0, max: 100, description: 'NARS: MAC budgets over the pool the final predictor evolves a pair for, the evolved Pareto set (default 5; 0: none)' },
  'pretrain-count': { type: 'integer', value: 'N', min: 10, max: 1_000_000, description: 'NARS: free architectures the predictor is pretrained on (default 10000)' },
  queue: { type: 'string', value: 'URL', description: 'a Redis server (redis://host:port): jobs go to a BullMQ queue served by `fbnas worker --queue URL` processes on any machines' },
  'warmup-epochs': { type: 'integer', value: 'N', min: 0, max: 100000, description: 'FBNetV5: the first N epochs train only the weights, on architectures drawn from Bernoulli(0.5) (default 1)' },
  'policy-lr': { type: 'number', value: 'LR', above: 0, max: 100, description: 'FBNetV5: Adam\'s learning rate on the task policies\' logits (default 0.05)' },
  'cost-weight': { type: 'number', value: 'L', min: 0, max: 1e6, description: 'FBNetV5: λ of each task\'s cost term λ·|MACs/budget − 1| (default 1)' },
  reward: { type: 'choice', value: 'R', choices: ['relative', 'absolute'], description: 'FBNetV5: a task\'s loss in its policy\'s REINFORCE loss, divided by its running mean (relative, default) or as it is (absolute)' },
  'uniform-mix': { type: 'number', value: 'M', min: 0, max: 1, description: 'FBNetV5: share of Bernoulli(0.5) in the shared proposal after the warm-up, (1−M)·mean policy + M·0.5 (default 0.5; 0: the mean policy alone, as before this flag; 1: every block trains equally often)' },
  'policy-split': { type: 'number', value: 'F', min: 0, max: 0.9, description: 'FBNetV5: share of the images held out from the weights; the policies are scored on them, one forward pass per batch after each epoch (default 0: the policies are scored on the weights\' own batches)' },
  tasks: { type: 'string', value: 'T,T', description: 'tasks searched together: classification, segmentation, box (default all three)' },
  scratch: { type: 'string', value: 'DIR', description: 'a folder of this machine for the jobs\' run folders' },
  concurrency: { type: 'integer', value: 'N', min: 1, max: 1024, description: 'jobs this worker runs at once (default 1; start one worker per core instead)' },
  workers: { type: 'integer', value: 'N', min: 1, max: 4096, description: 'local worker processes that train candidates in parallel (default: one per core)' },
  'data-parallel': { type: 'integer', value: 'N', min: 1, max: 256, description: 'run on N worker threads, each on its shard of every batch, gradients summed each step (same result as 1 at the same --batch-size; default 1)' },
  predictor: { type: 'string', value: 'DIR', description: 'a saved FBNetV3 predictor folder (@fbnas/nars/predictor saveNarsPredictor)' },
  'learning-rate': { type: 'number', value: 'LR', above: 0, max: 100, description: 'initial learning rate, cosine to 0 (default 0.05)' },
  'weight-decay': { type: 'number', value: 'WD', min: 0, max: 1, description: 'L2 weight decay (default 5e-4)' },
  optimizer: { type: 'choice', value: 'O', choices: ['sgd', 'rmsprop', 'adam'], description: 'sgd (default, momentum 0.9), rmsprop (decay 0.9, ε 0.001, momentum 0.9) or adam' },
  mixup: { type: 'number', value: 'A', min: 0, max: 100, description: 'mixup α: each batch mixed with itself by λ ~ Beta(α, α) (default 0: off)' },
  dropout: { type: 'number', value: 'P', min: 0, max: 0.99, description: 'dropout before the classifier (default 0)' },
  'stochastic-depth': { type: 'number', value: 'P', min: 0, max: 0.99, description: 'drop-path rate of the last block, linear in depth (default 0)' },
  ema: { type: 'number', value: 'D', min: 0, max: 0.99999, description: 'EMA decay of the weights; the saved model is the average (default 0: off)' },
} as const satisfies Record<string, FlagSpec>;

/** A flag's name. */
export type FlagName = keyof typeof FLAGS;

/** The parsed value of a flag: `true` for booleans, a number for numeric flags, the text otherwise. */
export type FlagValue = string | number | boolean;

/** `FLAGS` in the form `node:util`'s `parseArgs` takes. */
export function parseArgsOptions(): Record<string, { type: 'boolean' | 'string'; short?: string }> {
  return Object.fromEntries(Object.entries(FLAGS).map(([name, spec]) => [
    name, { type: spec.type === 'boolean' ? 'boolean' : 'string', ...('short' in spec ? { short: spec.short } : {}) },
  ]));
}

/**
 * Reads one flag's raw value with its spec (`override` narrows the range for one command).
 *
 * @throws CliError (exit 2) naming the command and flag, the expected form and what was given.
 * @example
 * checkFlag('train', 'epochs', '1.5'); // fbnas train: --epochs expects an integer from 1 to 100000, got '1.5'
 */
export function checkFlag(command: string, name: FlagName, raw: string | boolean, override: Partial<FlagSpec> = {}): FlagValue {
  const spec: FlagSpec = { ...FLAGS[name], ...override };
  if (spec.type === 'boolean') return raw === true;
  const text = String(raw);
  const fail = (expected: string): never => {
    throw usageError(command, `--${name} expects ${expected}, got '${text}'`);
  };
  if (text.trim() === '') fail(spec.value ? `a value (${spec.value})` : 'a value');
  if (spec.type === 'string') return text;
  if (spec.type === 'choice') {
    if (!spec.choices!.includes(text)) fail(`one of ${spec.choices!.join(', ')}`);
    return text;
  }
  const range = describeRange(spec);
  const value = Number(text);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim()) || !Number.isFinite(value)) {
    fail(`${spec.type === 'integer' ? 'an integer' : 'a number'}${range}`);
  }
  if (spec.type === 'integer' && !Number.isInteger(value)) fail(`an integer${range}`);
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max) || (spec.above !== undefined && !(value > spec.above))) {
    fail(`${spec.type === 'integer' ? 'an integer' : 'a number'}${range}`);
  }
  return value;
}

function describeRange(spec: FlagSpec): string {
  const low = spec.above !== undefined ? `greater than ${spec.above}` : spec.min !== undefined ? `from ${spec.min}` : '';
  const high = spec.max !== undefined ? `${spec.above !== undefined ? ' and at most' : ' to'} ${spec.max}` : '';
  if (spec.above !== undefined) return ` ${low}${high}`;
  return low || high ? ` ${low}${high}`.replace(/^ to/, ' at most') : '';
}
