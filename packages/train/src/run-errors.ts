/**
 * The errors of run folders, each with the fields a caller needs to react and a message phrased for a user of
 * the command line (files, folders and flags, not functions). `RunLockedError` lives in `run-lock.ts`.
 */
import { describeValue } from '@fbnas/core';
import type { Difference } from './first-difference';

/**
 * A run folder was started with other inputs than the ones given now (resume refused).
 * Message: `<folder>/config.json: this run folder was started with inputs.data.spec = "embedded"; now
 * "fashion-mnist". Resume with the same inputs, or use a new --out`.
 */
export class RunMismatchError extends Error {
  /** The config file compared (`<folder>/config.json`). */
  readonly file: string;
  /** Dotted path of the first differing field, e.g. `inputs.data.spec` or `search.seed`. */
  readonly field: string;
  /** The value the folder was started with (`undefined`: absent). */
  readonly saved: unknown;
  /** The value given now (`undefined`: absent). */
  readonly given: unknown;

  constructor(file: string, difference: Difference) {
    super(
      `${file}: this run folder was started with ${difference.path} = ${describeRunValue(difference.saved)}; ` +
        `now ${describeRunValue(difference.given)}. Resume with the same inputs, or use a new --out`,
    );
    this.name = 'RunMismatchError';
    this.file = file;
    this.field = difference.path;
    this.saved = difference.saved;
    this.given = difference.given;
  }
}

/**
 * `trainArchitecture` on a folder that already holds a trained model, without `force`.
 * Message: `<folder> already holds a trained model (<folder>/model/model.json); use --force to train again, or
 * another --out`.
 */
export class RunFinishedError extends Error {
  /** The run folder. */
  readonly folder: string;
  /** The finished model's `model.json`. */
  readonly modelPath: string;

  constructor(folder: string, modelPath: string) {
    super(`${folder} already holds a trained model (${modelPath}); use --force to train again, or another --out`);
    this.name = 'RunFinishedError';
    this.folder = folder;
    this.modelPath = modelPath;
  }
}

/** Which half of a step saw the non-finite value: the weights' or θ's. */
export type TrainingPhase = 'weights' | 'architecture';

/** Where a loss (or a variable) became non-finite. */
export interface NonFiniteLossDetails {
  /** NaN, Infinity or −Infinity. */
  value: number;
  /** Epoch index (from 0, as in the logs). */
  epoch: number;
  /** Step index within the phase (from 0); null when found at the end of the epoch in a variable. */
  step: number | null;
  phase: TrainingPhase;
  /** Last epoch index whose checkpoint the run folder keeps; null when it keeps none. */
  lastGoodEpoch: number | null;
  /** The run folder, if any. */
  runFolder?: string;
  /** The variable that became non-finite (end-of-epoch check), if that is what was found. */
  variable?: string;
}

/**
 * A step's loss (or, at the end of an epoch, a variable) became NaN or ±Infinity. Nothing of that epoch was
 * written; the folder keeps the previous epoch's checkpoint, from which the run resumes once the cause is gone.
 * Message (epochs and steps counted from 1, as the command line prints them): `loss became NaN at epoch 3,
 * step 12 (θ phase); runs/a keeps the checkpoint of epoch 2, which resumes; <hint>`.
 */
export class NonFiniteLossError extends Error implements NonFiniteLossDetails {
  readonly value: number;
  readonly epoch: number;
  readonly step: number | null;
  readonly phase: TrainingPhase;
  readonly lastGoodEpoch: number | null;
  readonly runFolder?: string;
  readonly variable?: string;

  constructor(details: NonFiniteLossDetails) {
    const phase = details.phase === 'architecture' ? 'θ phase' : 'weights phase';
    const what = details.variable === undefined
      ? `loss became ${details.value} at epoch ${details.epoch + 1}, step ${(details.step ?? 0) + 1} (${phase})`
      : `weight ${details.variable} became ${details.value} during epoch ${details.epoch + 1} (a non-finite gradient)`;
    const kept = details.runFolder === undefined
      ? 'nothing was saved'
      : details.lastGoodEpoch === null
        ? `${details.runFolder} holds no checkpoint yet, so a new run starts over`
        : `${details.runFolder} keeps the checkpoint of epoch ${details.lastGoodEpoch + 1}, which resumes`;
    const hint = details.phase === 'architecture'
      ? 'the latency term is the likely cause: lower --beta or --alpha (the loss form), or check the latency/cost table for huge or non-finite entries'
      : 'lower the learning rate, or check the data for non-finite values';
    super(`${what}; ${kept}; ${hint}`);
    this.name = 'NonFiniteLossError';
    this.value = details.value;
    this.epoch = details.epoch;
    this.step = details.step;
    this.phase = details.phase;
    this.lastGoodEpoch = details.lastGoodEpoch;
    if (details.runFolder !== undefined) this.runFolder = details.runFolder;
    if (details.variable !== undefined) this.variable = details.variable;
  }
}

/**
 * The cost of the search (e.g. the expected latency from the LUT) is not finite for the initial, uniform
 * architecture distribution: some entry is non-finite or so large that the sum overflows float32 (> 3.4e38).
 */
export class NonFiniteCostError extends Error {
  /** The expected cost found (NaN or ±Infinity). */
  readonly value: number;

  constructor(value: number) {
    super(
      `the expected cost of the initial architecture distribution is ${value}: every entry of the latency/cost table must be ` +
        'finite and small enough that their sum stays finite in float32 (< 3.4e38); check the table (--lut) or the cost function',
    );
    this.name = 'NonFiniteCostError';
    this.value = value;
  }
}

/** A value for a message: JSON (shortened), `(absent)` for a missing one. */
function describeRunValue(value: unknown): string {
  return value === undefined ? '(absent)' : describeValue(value);
}
