import type { OpSpecRegistry } from '@fbnas/core';
import type { SearchConfig, SearchEpochLog } from '@fbnas/train';

/**
 * What every search workflow (DNAS, DMaskingNAS) takes: where, on what, how long, with which ops, and progress
 * callbacks. `Space` is the parsed space type of the workflow.
 */
export interface SearchRunOptions<Space> {
  /** A built-in space name, or a parsed space (e.g. a user's file through `parseSpace`/`parseMaskSpace`). */
  space: string | Space;
  /**
   * The op specs the space's ops resolve to (default: the built-ins); `createBuiltinOpSpecRegistry().extend([mySpec])`
   * for a space with ops of your own.
   */
  ops?: OpSpecRegistry;
  /** A dataset spec (`embedded`, `fashion-mnist[:DIR]`, …; see `loadData`). */
  data: string;
  /** The run folder (re-running on it resumes). */
  out: string;
  epochs: number;
  seed: number;
  /** Images per batch. */
  batchSize?: number;
  /** Use at most this many training images (a seeded, class-balanced subset). */
  trainImages?: number;
  /** The share of the training images that trains the weights; the rest trains θ (default 0.8, the paper's). */
  weightFraction?: number;
  /** Overrides of the search config. */
  config?: Partial<SearchConfig>;
  /** Stop after this epoch, leaving a resumable run. */
  stopAfterEpoch?: number;
  onEpoch?: (log: SearchEpochLog) => void;
  /** Called after every step with the phase, epoch, step and the phase's steps per epoch. */
  onStep?: (phase: 'weights' | 'architecture', epoch: number, step: number, steps: number) => void;
  onMessage?: (message: string) => void;
}
