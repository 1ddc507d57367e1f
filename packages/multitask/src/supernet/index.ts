export { createMultitaskSupernet } from './multitask-supernet';
export type { MultitaskOutputs, MultitaskSupernet } from './multitask-supernet';
export { defaultMultitaskSearchConfig, runMultitaskSearch } from './multitask-search';
export type { MultitaskEpochLog, MultitaskSearchConfig, MultitaskSearchOptions, MultitaskSearchResult } from './multitask-search';
export { boxIou, trainTaskArchitecture } from './train-task-architecture';
export type { TaskArchitectureResult, TrainTaskArchitectureOptions } from './train-task-architecture';
