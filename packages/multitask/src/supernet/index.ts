export { createMultitaskSupernet } from './multitask-supernet';
export type { MultitaskForwardOptions, MultitaskOutputs, MultitaskSupernet } from './multitask-supernet';
export { defaultMultitaskSearchConfig, policySplitIndices, runMultitaskSearch } from './multitask-search';
export type { MultitaskEpochLog, MultitaskSearchConfig, MultitaskSearchOptions, MultitaskSearchResult } from './multitask-search';
export { trainTaskArchitecture } from './train-task-architecture';
export { boxIou, evaluateTask, taskMetric } from './task-metric';
export type { TaskMetric } from './task-metric';
export type { TaskArchitectureResult, TrainTaskArchitectureOptions } from './train-task-architecture';
