export { createMultitaskSupernet } from './multitask-supernet';
export type { MultitaskOutputs, MultitaskSupernet } from './multitask-supernet';
