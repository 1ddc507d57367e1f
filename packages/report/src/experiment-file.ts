/**
 * The `fbnas.experiment/v1` format: the retrained results of an experiment that compares searched architectures
 * with random ones of the same space, one point per retrained architecture. `fbnas report DIR` reads it from
 * `DIR/experiment.json` and plots accuracy against latency and against MACs, with the Pareto front of the random
 * points.
 *
 * ```json
 * {
 *   "format": "fbnas.experiment/v1",
 *   "title": "DNAS β sweep vs random architectures, fbnet-micro-28",
 *   "description": "every architecture retrained 8 epochs on 48k Fashion-MNIST images, tested on 10k",
 *   "points": [
 *     { "name": "beta-0.6", "kind": "searched", "group": "DNAS β", "accuracy": 0.874, "latencyUs": 2100, "macs": 1240000, "run": "train/beta-0.6" },
 *     { "name": "random-1", "kind": "random", "accuracy": 0.861, "accuracies": [0.858, 0.864], "latencyUs": 2630, "macs": 1810000 }
 *   ]
 * }
 * ```
 *
 * - `title`, `description`: optional text for the report's heading.
 * - `points`: at least one. `name` is unique; `kind` is `searched` or `random`; `accuracy` is the test accuracy
 *   as a fraction (0–1); `latencyUs` the measured latency in µs (batch 1) and `macs` the multiply-accumulates per
 *   image, each optional (a point appears in the figures whose axis it has); `group` (optional) separates
 *   searched points of different sweeps in the legend; `run` (optional) is the run folder the point came from;
 *   `accuracies` (optional) are the test accuracies of the architecture retrained once per seed, and `accuracy` is
 *   then their mean (checked to 1e-6): the report draws their range as an error bar and the front from the means.
 * - Unknown keys are errors; every error names the file and the field (`points[3].accuracy`).
 */
import { objectFields, type ObjectFields } from './json-fields';
import { ReportInputError } from './report-input-error';

/** The format tag of experiment files. */
export const EXPERIMENT_FORMAT = 'fbnas.experiment/v1';

/** Whether a point is a searched architecture or a random one of the same space. */
export type ExperimentPointKind = 'searched' | 'random';

/** One retrained architecture of an experiment. */
export interface ExperimentPoint {
  /** Unique name (`beta-0.6`, `random-7`). */
  name: string;
  /** `searched` or `random`. */
  kind: ExperimentPointKind;
  /** Test accuracy, 0–1. */
  accuracy: number;
  /** Measured latency, µs (batch 1). */
  latencyUs?: number;
  /** Multiply-accumulates per image. */
  macs?: number;
  /** Sweep the point belongs to (legend entry of searched points). */
  group?: string;
  /** Run folder the point came from. */
  run?: string;
  /** Test accuracy of each retraining (one per seed), 0–1; `accuracy` is their mean. */
  accuracies?: number[];
}

/** An `fbnas.experiment/v1` document. */
export interface Experiment {
  /** Always `fbnas.experiment/v1`. */
  format: typeof EXPERIMENT_FORMAT;
  /** Heading of the report. */
  title?: string;
  /** One paragraph under the heading (recipe, data). */
  description?: string;
  /** The retrained architectures. */
  points: ExperimentPoint[];
}

const POINT_KEYS = ['name', 'kind', 'accuracy', 'accuracies', 'latencyUs', 'macs', 'group', 'run'] as const;

/**
 * Checks a parsed `experiment.json`.
 *
 * @throws ReportInputError naming the file and field: `exp/experiment.json: points[1].kind: expected 'searched'
 * or 'random', got "best"`.
 * @example
 * parseExperiment({ format: 'fbnas.experiment/v1', points: [{ name: 'a', kind: 'random', accuracy: 0.8 }] }, 'experiment.json');
 */
export function parseExperiment(value: unknown, file: string): Experiment {
  const fields = objectFields(value, file);
  fields.onlyKeys(['format', 'title', 'description', 'points']);
  if (fields.value.format !== EXPERIMENT_FORMAT) throw fields.fail('format', `'${EXPERIMENT_FORMAT}'`, fields.value.format);
  const rawPoints = fields.array('points');
  if (rawPoints.length === 0) throw fields.fail('points', 'at least one point', rawPoints);
  const names = new Set<string>();
  const points = rawPoints.map((raw, index): ExperimentPoint => {
    const point = objectFields(raw, file, `points[${index}]`);
    point.onlyKeys(POINT_KEYS);
    const name = point.string('name');
    if (names.has(name)) throw new ReportInputError(file, `points[${index}].name`, `'${name}' is used by an earlier point; names must be unique`);
    names.add(name);
    const kind = point.value.kind;
    if (kind !== 'searched' && kind !== 'random') throw point.fail('kind', `'searched' or 'random'`, kind);
    const parsed: ExperimentPoint = { name, kind, accuracy: point.number('accuracy', { min: 0, max: 1 }) };
    const latencyUs = point.optionalNumber('latencyUs', { min: 0 });
    const macs = point.optionalNumber('macs', { min: 0 });
    const group = point.optionalString('group');
    const run = point.optionalString('run');
    if (latencyUs !== undefined) parsed.latencyUs = latencyUs;
    if (macs !== undefined) parsed.macs = macs;
    if (group !== undefined) parsed.group = group;
    if (run !== undefined) parsed.run = run;
    if (point.value.accuracies !== undefined) parsed.accuracies = seedAccuracies(point, parsed.accuracy);
    return parsed;
  });
  const experiment: Experiment = { format: EXPERIMENT_FORMAT, points };
  const title = fields.optionalString('title');
  const description = fields.optionalString('description');
  if (title !== undefined) experiment.title = title;
  if (description !== undefined) experiment.description = description;
  return experiment;
}

/** A point's `accuracies`: one or more fractions whose mean is the point's `accuracy`. */
function seedAccuracies(point: ObjectFields, accuracy: number): number[] {
  const raw = point.array('accuracies');
  const valid = raw.length > 0 && raw.every((value) => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1);
  if (!valid) throw point.fail('accuracies', 'a non-empty array of finite numbers from 0 to 1 (one test accuracy per seed)', raw);
  const values = raw as number[];
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  if (Math.abs(mean - accuracy) > 1e-6) throw point.fail('accuracy', `the mean of accuracies (${Number(mean.toFixed(6))})`, accuracy);
  return values;
}

/**
 * The range of a point's seeds (`accuracies`), or `undefined` when it was retrained once (or has no list).
 *
 * @example
 * seedRange({ name: 'a', kind: 'random', accuracy: 0.85, accuracies: [0.84, 0.86, 0.85] }); // { low: 0.84, high: 0.86, seeds: 3 }
 */
export function seedRange(point: ExperimentPoint): { low: number; high: number; seeds: number } | undefined {
  const { accuracies } = point;
  if (!accuracies || accuracies.length < 2) return undefined;
  return { low: Math.min(...accuracies), high: Math.max(...accuracies), seeds: accuracies.length };
}
