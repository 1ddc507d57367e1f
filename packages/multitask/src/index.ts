export {
  logProbability, mostLikely, policyLoss, proposalOf, reinforceGradient, sampleArchitecture, sigmoid, updateBaseline,
} from './bernoulli-policy';
export type { ReinforceEstimate, ReinforceOptions, RewardScale } from './bernoulli-policy';
export { blockRuns, canonicalKeep, describeNetwork } from './block-runs';
export type { BlockRun } from './block-runs';
export { BOX_HEAD_CHANNELS, MULTITASK_LAYOUT_REVISIONS, MULTITASK_TASKS, multitaskLayout, pruneLayout, taskMacs } from './multitask-layout';
export type { LayoutBlock, LayoutFusion, MultitaskLayout, MultitaskLayoutOptions, MultitaskLayoutRevision, MultitaskTask, PathName } from './multitask-layout';
export { deriveTaskArchitecture, keepMask, parseTaskArchitecture, TASK_ARCHITECTURE_FORMAT, taskNetworkLayout } from './task-architecture';
export type { TaskArchitecture } from './task-architecture';
