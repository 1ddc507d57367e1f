import type { OpSpecRegistry } from '@fbnas/core';
import { builtinMaskSpaceFiles, builtinSpaceFiles } from '@fbnas/search-space';
import { defaultSearchConfig } from '@fbnas/train';
import { usageError } from '../cli-io';
import type { Flags } from '../command-spec';
import type { SpaceFlag } from '../space-flag';
import { checkDataFlag } from '../workflows/load-data';
import type { MaskSearchTarget } from '../workflows/mask-search-workflow';
import type { SearchRecipe } from '../workflows/search-recipes';

/** Flags of `fbnas search`, checked. */
export interface SearchFlags {
  /** The space (`--space`), resolved: built-in or a user's file, DNAS or DMaskingNAS. */
  space: SpaceFlag;
  /** The op registry (`--ops`: the built-ins plus the module's specs). */
  ops: OpSpecRegistry;
  data: string;
  out: string;
  epochs: number;
  seed: number;
  batchSize?: number;
  /** DNAS: the search recipe (`SEARCH_RECIPES`), default `paper`. */
  recipe?: SearchRecipe;
  mode?: 'sampled' | 'all';
  trainImages?: number;
  cost?: 'latency' | 'macs';
  lut?: string;
  alpha?: number;
  beta?: number;
  samples?: number;
  /** DMaskingNAS (mask spaces): MAC budget. */
  targetMacs?: number;
  /** DMaskingNAS (mask spaces): conv-weight budget. */
  targetParams?: number;
  /** DMaskingNAS (mask spaces): latency budget (µs per forward pass) under `latencyModel`. */
  targetLatency?: number;
  /** DMaskingNAS: the `--latency-model FILE` path (loaded and checked against the space by the command). */
  latencyModel?: string;
  /** DMaskingNAS: λ of the budget loss. */
  lambda?: number;
  /** The θ steps' own constant Gumbel-softmax temperature (`SearchConfig.architectureTemperature`). */
  thetaTemperature?: number;
  /** DMaskingNAS: how the input resolution is chosen (`supernet`: θ, the default; `train`: `resolutionPickWorkflow`). */
  pickResolution?: 'supernet' | 'train';
  /** DNAS: which derived architecture is the result (`argmax`, the default; `train`: `architecturePickWorkflow`). */
  pickArchitecture?: 'argmax' | 'train';
  /** With `pickResolution` or `pickArchitecture` `train`: epochs of each candidate's training. */
  pickEpochs?: number;
  /** DNAS: worker threads of a data-parallel search (default 1: this thread). */
  dataParallel?: number;
  /** The `--ops` module's path, for data-parallel threads (which import it themselves). */
  opsModule?: string;
  dryRun: boolean;
  json: boolean;
}

const DNAS_ONLY = ['cost', 'lut', 'alpha', 'beta', 'recipe', 'mode', 'samples', 'pick-architecture', 'data-parallel'] as const;
const MASK_ONLY = ['target-macs', 'target-params', 'target-latency', 'latency-model', 'lambda', 'pick-resolution'] as const;
const NOT_IN_DRY_RUN = ['out', 'data', 'epochs', 'train-images', 'samples', 'lut', 'cost', 'target-latency', 'latency-model', 'data-parallel', 'pick-resolution', 'pick-architecture', 'pick-epochs', 'theta-temperature'] as const;

/**
 * Checks the flags of `fbnas search` against the chosen space (resolved by `spaceFromFlag`) and mode, before
 * anything runs or is written: flags of the other search kind are rejected, `--epochs` leaves θ at least one
 * epoch to train, and `--data` is a known dataset.
 *
 * @throws CliError (exit 2) naming the flag.
 */
export function checkSearchFlags(flags: Flags, out: string, space: SpaceFlag, ops: OpSpecRegistry): SearchFlags {
  const mask = space.kind === 'mask';
  const name = space.file ?? space.space.name;
  const given = (names: readonly string[]) => names.filter((flag) => flags[flag as keyof Flags] !== undefined).map((flag) => `--${flag}`);
  const foreign = given(mask ? DNAS_ONLY : MASK_ONLY);
  if (foreign.length > 0) {
    throw usageError('search', `${foreign.join(', ')} ${foreign.length > 1 ? 'do' : 'does'} not apply to ${mask ? 'the DMaskingNAS' : 'the DNAS'} space '${name}' (${mask ? `DNAS spaces: ${Object.keys(builtinSpaceFiles).join(', ')}` : `DMaskingNAS spaces: ${Object.keys(builtinMaskSpaceFiles).join(', ')}`})`);
  }
  const dryRun = flags['dry-run'] === true;
  const idle = dryRun ? given(NOT_IN_DRY_RUN) : [];
  if (idle.length > 0) throw usageError('search', `${idle.join(', ')} ${idle.length > 1 ? 'do' : 'does'} not apply to --dry-run (one step on random data)`);
  const targets = given(['target-macs', 'target-params', 'target-latency']);
  if (targets.length > 1) throw usageError('search', `give one of --target-macs, --target-params and --target-latency, not ${targets.join(' and ')}`);
  if ((flags['target-latency'] === undefined) !== (flags['latency-model'] === undefined)) {
    throw usageError('search', '--target-latency US and --latency-model FILE go together (fit a model of the space with: fbnas latency fit --space NAME)');
  }
  if (flags['pick-epochs'] !== undefined && flags['pick-resolution'] !== 'train' && flags['pick-architecture'] !== 'train') {
    throw usageError('search', '--pick-epochs applies to --pick-resolution train or --pick-architecture train');
  }
  if (flags['pick-architecture'] === 'train' && flags.samples === 0) {
    throw usageError('search', '--pick-architecture train compares the argmax with --samples K draws of P_θ; give --samples 1 or more (default 5)');
  }
  if (flags['pick-architecture'] === 'train' && (flags['data-parallel'] as number | undefined ?? 1) > 1) {
    throw usageError('search', '--pick-architecture train runs on one thread; leave out --data-parallel');
  }
  if (flags['pick-resolution'] === 'train' && space.kind === 'mask' && space.space.resolutions.length < 2) {
    throw usageError('search', `--pick-resolution train: space '${name}' has one resolution (${space.space.resolutions[0]}); nothing to pick`);
  }
  if (flags.lut !== undefined && flags.cost === 'macs') throw usageError('search', '--lut applies to --cost latency, not --cost macs');
  const epochs = (flags.epochs as number | undefined) ?? 10;
  const warmup = defaultSearchConfig({ epochs }).warmupEpochs;
  if (!dryRun && epochs <= warmup) {
    throw usageError('search', `--epochs ${epochs} leaves no epoch to train θ: the first ${warmup} epoch${warmup > 1 ? 's' : ''} only warm up the weights; use --epochs ${warmup + 1} or more`);
  }
  const data = (flags.data as string | undefined) ?? 'embedded';
  checkDataFlag('search', data);
  return {
    space, ops, data, out, epochs, seed: (flags.seed as number | undefined) ?? 0, dryRun, json: flags.json === true,
    batchSize: flags['batch-size'] as number | undefined, recipe: flags.recipe as SearchRecipe | undefined, mode: flags.mode as SearchFlags['mode'], trainImages: flags['train-images'] as number | undefined,
    cost: flags.cost as SearchFlags['cost'], lut: flags.lut as string | undefined, alpha: flags.alpha as number | undefined, beta: flags.beta as number | undefined,
    samples: flags.samples as number | undefined, targetMacs: flags['target-macs'] as number | undefined, targetParams: flags['target-params'] as number | undefined,
    targetLatency: flags['target-latency'] as number | undefined, latencyModel: flags['latency-model'] as string | undefined,
    lambda: flags.lambda as number | undefined, pickResolution: flags['pick-resolution'] as SearchFlags['pickResolution'], pickArchitecture: flags['pick-architecture'] as SearchFlags['pickArchitecture'], pickEpochs: flags['pick-epochs'] as number | undefined, thetaTemperature: flags['theta-temperature'] as number | undefined, dataParallel: flags['data-parallel'] as number | undefined, opsModule: flags.ops as string | undefined,
  };
}

/** The search-config override of `--theta-temperature T` (none when not given). */
export function thetaTemperatureConfig(flags: SearchFlags): { architectureTemperature?: { kind: 'constant'; value: number } } {
  return flags.thetaTemperature === undefined ? {} : { architectureTemperature: { kind: 'constant', value: flags.thetaTemperature } };
}

/** The DMaskingNAS budget of `--target-macs N` / `--target-params N` / `--target-latency US`, or undefined without one. */
export function maskSearchTarget(flags: SearchFlags): MaskSearchTarget | undefined {
  if (flags.targetMacs !== undefined) return { mode: 'flops', value: flags.targetMacs };
  if (flags.targetLatency !== undefined) return { mode: 'latency', value: flags.targetLatency };
  return flags.targetParams !== undefined ? { mode: 'params', value: flags.targetParams } : undefined;
}
