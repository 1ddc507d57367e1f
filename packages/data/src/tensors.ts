// Entry point `@fbnas/data/tensors`: the tfjs bridge, kept apart so `@fbnas/data` itself never loads tfjs.
export { toTensors } from './to-tensors';
export type { BatchTensors } from './to-tensors';
