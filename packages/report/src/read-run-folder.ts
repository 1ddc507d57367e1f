import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FormatError, validateArch, type ArchDefinition } from '@fbnas/core';
import { parseExperiment, type Experiment } from './experiment-file';
import { objectFields, type ObjectFields } from './json-fields';
import { parseLatencyMedians, type LatencyMedians } from './latency-medians';
import { readArchitecturePick, readResolutionPick, type ArchitecturePick, type ResolutionPick } from './pick-comparisons';
import { readJsonFile, readJsonLinesFile } from './read-json-file';
import { readMultitaskRun, type MultitaskRun } from './read-multitask-run';
import { ReportInputError } from './report-input-error';
import { detectRunKind } from './run-folder-kind';
import { parseSearchLogLine, type SearchLogLine } from './search-log';
import { parseTrainLogLine, type TrainLogLine } from './train-log';

/** The unit of a search's cost: µs (measured latency table), MACs, or conv weights. */
export type CostUnit = 'us' | 'macs' | 'weights';

/** What a report shows of a run's setting (`config.json`). */
export interface RunSetting {
  /** Search space name, or the architecture's name for a train run. */
  name: string;
  /** Data the run used (`embedded`, `fashion-mnist`) and how many training images. */
  data?: string;
  /** tfjs backend. */
  backend?: string;
  /** When the run started (ISO date). */
  date?: string;
  /** Run seed. */
  seed?: number;
  /** Planned epochs. */
  epochs: number;
}

/** A DNAS or DMaskingNAS search folder, read and checked. */
export interface SearchRun {
  kind: 'search' | 'mask-search';
  /** The folder. */
  dir: string;
  setting: RunSetting;
  /** The cost θ is penalised by. */
  costUnit: CostUnit;
  /** DMaskingNAS: the budget the search is steered to, in `costUnit`. */
  target?: number;
  /** One line per finished epoch, in order. */
  log: SearchLogLine[];
  /** The space's JSON (`config.json` `space`), to name the blocks of the derived architecture. */
  space?: unknown;
  /** The derived (argmax) architecture, once the search finished (`architecture.json`). */
  architecture?: ArchDefinition;
  /** The argmax sample (layer id → candidate) of the last epoch. */
  argmax: Record<string, string>;
  /** DNAS: the derived architectures (`architectures.json`): argmax and samples of P_θ. */
  architectures?: { name: string; predictedCost: number; costUnit: string; macs: number }[];
  /** DMaskingNAS: the derived architecture's counts (`derived.json`). */
  derived?: { description: string; macs: number; weights: number; targetError: number | null; predictedLatencyUs?: number };
  /** DNAS: the latency table (`lut.json`), when the search measured or was given one in its folder. */
  latency?: LatencyMedians;
  /**
   * DMaskingNAS with `--pick-resolution train`: the per-resolution searches and their short trainings
   * (`resolution-pick.json` of the folder above `dir`, which is the picked resolution's search).
   */
  resolutionPick?: ResolutionPick;
  /** DNAS with `--pick-architecture train`: the derived architectures' short trainings (`pick/architecture-pick.json`). */
  architecturePick?: ArchitecturePick;
}

/** A training run folder (`fbnas train`). */
export interface TrainRun {
  kind: 'train';
  dir: string;
  setting: RunSetting;
  /** The trained architecture (`config.json` `architecture`). */
  architecture: ArchDefinition;
  /** One line per finished epoch. */
  log: TrainLogLine[];
  /** Once finished (`result.json`): test accuracy (0–1) and batch-1 latency (µs). */
  result?: { testAccuracy: number; measuredLatencyUs: number };
}

/** An experiment folder (`experiment.json`). */
export interface ExperimentRun {
  kind: 'experiment';
  dir: string;
  experiment: Experiment;
}

/**
 * An `fbnas demo` folder: its search, once retrained the training run, and after `--compare-random` the
 * comparison with random architectures (`compare-random/experiment.json`).
 */
export interface DemoRun {
  kind: 'demo';
  dir: string;
  search: SearchRun;
  train?: TrainRun;
  comparison?: Experiment;
}

/** One trained candidate of a NARS run (a line of `candidates.jsonl`). */
export interface NarsCandidateLine {
  id: number;
  /** 0: the fully trained first batch; then the predictor's picks of iteration 1, 2, … */
  iteration: number;
  macs: number;
  params: number;
  /** Validation accuracy (0–1) after each epoch. */
  accuracies: number[];
  /** The recipe's optimizer and learning rate, for the figures' tooltips. */
  recipe: { optimizer: string; learningRate: number };
  /** A predictor's pick: the accuracy the predictor gave it before it was trained (absent in the first batch). */
  predicted?: number;
}

/** One pair of a NARS run's evolved Pareto set (`evolved.json`). */
export interface NarsEvolvedLine {
  maxMacs: number;
  macs: number;
  /** The final predictor's accuracy for it (0–1 scale of the validation accuracies). */
  predicted: number;
  onFront: boolean;
}

/** An `fbnas nars run` folder (FBNetV3's constrained iterative optimization). */
export interface NarsRun {
  kind: 'nars';
  dir: string;
  /** The joint space's name. */
  space: string;
  /** The MAC/parameter budget of the candidates. */
  constraints: Record<string, number>;
  candidates: NarsCandidateLine[];
  /** Once the first batch finished (`state.json`): the early-stop epoch and Kendall τ of each epoch with the final accuracy. */
  earlyStop?: { epoch: number; correlations: number[] };
  /** Once the run finished (`evolved.json`): the final predictor's evolved pair per MAC budget. */
  evolved?: NarsEvolvedLine[];
}

/** Any folder a report can be made of. */
export type RunFolder = SearchRun | TrainRun | ExperimentRun | DemoRun | NarsRun | MultitaskRun;

/**
 * Reads and checks a run folder of any kind (see `RunKind`).
 *
 * @throws ReportInputError naming the file and field of the first problem, or the folder and what was expected.
 * @example
 * const run = await readRunFolder('runs/my-search');
 * if (run.kind === 'search') run.log.at(-1)?.expectedLatency; // µs
 */
export async function readRunFolder(dir: string): Promise<RunFolder> {
  const kind = await detectRunKind(dir);
  if (kind === 'experiment') {
    const file = join(dir, 'experiment.json');
    return { kind, dir, experiment: parseExperiment(await readJsonFile(file), file) };
  }
  if (kind === 'train') return readTrainRun(dir);
  if (kind === 'nars') return readNarsRun(dir);
  if (kind === 'multitask') return readMultitaskRun(dir);
  if (kind === 'demo') {
    const search = await readRunFolder(join(dir, 'search'));
    if (search.kind !== 'search' && search.kind !== 'mask-search') throw new ReportInputError(join(dir, 'search'), '', 'expected a search run folder');
    const retrain = join(dir, 'retrain');
    const demo: DemoRun = { kind, dir, search };
    if (existsSync(join(retrain, 'config.json'))) demo.train = await readTrainRun(retrain);
    const comparison = join(dir, 'compare-random', 'experiment.json');
    if (existsSync(comparison)) demo.comparison = parseExperiment(await readJsonFile(comparison), comparison);
    return demo;
  }
  return readSearchRun(dir, kind);
}

/** A `--pick-resolution train` folder: the picked resolution's search, with the comparison. */
async function readResolutionPickRun(dir: string): Promise<SearchRun> {
  const file = join(dir, 'resolution-pick.json');
  if (!existsSync(file)) throw new ReportInputError(file, '', 'missing: the resolution pick has not finished (re-run it to resume, or report one of its resolution-<r> search folders)');
  const resolutionPick = readResolutionPick(await readJsonFile(file), file);
  const run = await readSearchRun(join(dir, `resolution-${resolutionPick.picked}`), 'mask-search');
  run.resolutionPick = resolutionPick;
  return run;
}

async function readSearchRun(dir: string, kind: 'search' | 'mask-search'): Promise<SearchRun> {
  const configFile = join(dir, 'config.json');
  const config = objectFields(await readJsonFile(configFile), configFile);
  if (kind === 'mask-search' && config.value.resolutionPick !== undefined) return readResolutionPickRun(dir);
  const search = config.object('search');
  const logFile = join(dir, 'log.jsonl');
  const log = (await readJsonLinesFile(logFile)).map((line, index) => parseSearchLogLine(line, logFile, index + 1));
  if (log.length === 0) throw new ReportInputError(logFile, '', 'no epoch logged yet');
  const last = log[log.length - 1]!;
  const run: SearchRun = {
    kind, dir, setting: runSetting(config, search, config.optionalObject('space')?.optionalString('name') ?? config.optionalString('layout') ?? 'search'),
    costUnit: kind === 'search' ? dnasCostUnit(config) : 'macs', log, argmax: last.argmax,
  };
  const space = config.value.space;
  if (space !== undefined) run.space = space;
  const architectureFile = join(dir, 'architecture.json');
  if (existsSync(architectureFile)) run.architecture = readArchitecture(await readJsonFile(architectureFile), architectureFile);
  if (kind === 'mask-search') {
    const target = config.optionalObject('target') ?? config.optionalObject('inputs')?.optionalObject('target');
    if (target) {
      if (target.value.mode === 'params') run.costUnit = 'weights';
      if (target.value.mode === 'latency') run.costUnit = 'us';
      run.target = target.number('value', { min: 0 });
    }
    const derivedFile = join(dir, 'derived.json');
    if (existsSync(derivedFile)) {
      const derived = objectFields(await readJsonFile(derivedFile), derivedFile);
      run.derived = {
        description: derived.string('description'), macs: derived.number('macs', { min: 0 }), weights: derived.number('weights', { min: 0 }),
        targetError: derived.nullableNumber('targetError'),
      };
      const predicted = derived.optionalNumber('predictedLatencyUs');
      if (predicted !== undefined) run.derived.predictedLatencyUs = predicted;
    }
  } else {
    const architecturesFile = join(dir, 'architectures.json');
    if (existsSync(architecturesFile)) run.architectures = readArchitectures(await readJsonFile(architecturesFile), architecturesFile);
    const lutFile = join(dir, 'lut.json');
    if (existsSync(lutFile)) run.latency = parseLatencyMedians(await readJsonFile(lutFile), lutFile);
    const pickFile = join(dir, 'pick', 'architecture-pick.json');
    if (existsSync(pickFile)) run.architecturePick = readArchitecturePick(await readJsonFile(pickFile), pickFile);
  }
  return run;
}

async function readNarsRun(dir: string): Promise<NarsRun> {
  const configFile = join(dir, 'config.json');
  const config = objectFields(await readJsonFile(configFile), configFile);
  const nars = config.object('nars');
  const constraints = nars.optionalObject('constraints');
  const logFile = join(dir, 'candidates.jsonl');
  const lines = existsSync(logFile) ? await readJsonLinesFile(logFile) : [];
  const candidates = lines.map((line, index): NarsCandidateLine => {
    const fields = objectFields(line, logFile, '', `line ${index + 1}: `);
    const accuracies = fields.array('accuracies').map((value, epoch) => {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) throw fields.fail(`accuracies[${epoch}]`, 'an accuracy from 0 to 1', value);
      return value;
    });
    const recipe = fields.object('sample').object('recipe');
    const predicted = fields.optionalNumber('predicted');
    return {
      id: fields.number('id', { min: 0 }), iteration: fields.number('iteration', { min: 0 }), macs: fields.number('macs', { min: 0 }), params: fields.number('params', { min: 0 }),
      accuracies, recipe: { optimizer: recipe.string('optimizer'), learningRate: recipe.number('learningRate', { min: 0 }) },
      ...(predicted === undefined ? {} : { predicted }),
    };
  });
  const run: NarsRun = {
    kind: 'nars', dir, space: config.optionalObject('space')?.optionalString('name') ?? 'joint space',
    constraints: constraints === undefined ? {} : Object.fromEntries(Object.keys(constraints.value).map((key) => [key, constraints.number(key, { min: 0 })])),
    candidates,
  };
  const stateFile = join(dir, 'state.json');
  if (existsSync(stateFile)) {
    const state = objectFields(await readJsonFile(stateFile), stateFile);
    const correlations = state.array('correlations').map((value, index) => {
      if (typeof value !== 'number' || value < -1 || value > 1) throw state.fail(`correlations[${index}]`, 'a Kendall τ from -1 to 1', value);
      return value;
    });
    run.earlyStop = { epoch: state.number('earlyStopEpoch', { min: 1 }), correlations };
  }
  const evolvedFile = join(dir, 'evolved.json');
  if (existsSync(evolvedFile)) {
    const evolved = objectFields(await readJsonFile(evolvedFile), evolvedFile);
    run.evolved = evolved.array('pairs').map((value, index) => {
      const pair = objectFields(value, evolvedFile, `pairs[${index}]`);
      const onFront = pair.value['onFront'];
      if (typeof onFront !== 'boolean') throw pair.fail('onFront', 'true or false', onFront);
      return { maxMacs: pair.number('maxMacs', { min: 0 }), macs: pair.number('macs', { min: 0 }), predicted: pair.number('predicted'), onFront };
    });
  }
  return run;
}

async function readTrainRun(dir: string): Promise<TrainRun> {
  const configFile = join(dir, 'config.json');
  const config = objectFields(await readJsonFile(configFile), configFile);
  const train = config.object('train');
  const architecture = readArchitecture(config.value.architecture, configFile, 'architecture');
  const logFile = join(dir, 'train-log.jsonl');
  const log = existsSync(logFile) ? (await readJsonLinesFile(logFile)).map((line, index) => parseTrainLogLine(line, logFile, index + 1)) : [];
  const run: TrainRun = { kind: 'train', dir, setting: runSetting(config, train, architecture.name), architecture, log };
  const resultFile = join(dir, 'result.json');
  if (existsSync(resultFile)) {
    const result = objectFields(await readJsonFile(resultFile), resultFile);
    run.result = { testAccuracy: result.number('testAccuracy', { min: 0, max: 1 }), measuredLatencyUs: result.number('measuredLatencyUs', { min: 0 }) };
  }
  return run;
}

function runSetting(config: ObjectFields, section: ObjectFields, name: string): RunSetting {
  const data = config.optionalObject('inputs')?.optionalObject('data') ?? config.optionalObject('data');
  const setting: RunSetting = { name, epochs: section.number('epochs', { min: 1 }) };
  if (data) {
    const images = data.optionalNumber('count') ?? data.optionalNumber('trainImages');
    setting.data = `${data.optionalString('spec') ?? 'unknown'}${images !== undefined ? `, ${images} training images` : ''}`;
  }
  const backend = config.optionalString('backend');
  const date = config.optionalString('date');
  const seed = section.optionalNumber('seed');
  if (backend !== undefined) setting.backend = backend;
  if (date !== undefined) setting.date = date;
  if (seed !== undefined) setting.seed = seed;
  return setting;
}

/** `inputs.cost.kind` (`latency` | `macs`) of current run folders, `costTable.unit` of older ones. */
function dnasCostUnit(config: ObjectFields): CostUnit {
  const cost = config.optionalObject('inputs')?.optionalObject('cost');
  if (cost) {
    if (cost.value.kind === 'latency') return 'us';
    if (cost.value.kind === 'macs') return 'macs';
    throw cost.fail('kind', `'latency' or 'macs'`, cost.value.kind);
  }
  const table = config.optionalObject('costTable');
  if (table) {
    if (table.value.unit === 'us' || table.value.unit === 'macs') return table.value.unit;
    throw table.fail('unit', `'us' or 'macs'`, table.value.unit);
  }
  throw config.fail('inputs', 'the search inputs with cost.kind (latency or macs)', config.value.inputs);
}

function readArchitecture(value: unknown, file: string, path = ''): ArchDefinition {
  try {
    return validateArch(value);
  } catch (error) {
    if (error instanceof FormatError) throw new ReportInputError(file, path && error.path ? `${path}.${error.path}` : path || error.path, error.detail);
    throw error;
  }
}

function readArchitectures(value: unknown, file: string): NonNullable<SearchRun['architectures']> {
  if (!Array.isArray(value)) throw new ReportInputError(file, '', 'expected an array of derived architectures');
  return value.map((item, index) => {
    const fields = objectFields(item, file, `[${index}]`);
    return { name: fields.string('name'), predictedCost: fields.number('predictedCost', { min: 0 }), costUnit: fields.string('costUnit'), macs: fields.number('macs', { min: 0 }) };
  });
}
