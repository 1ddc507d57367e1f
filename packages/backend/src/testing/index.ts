export { createMbconvBlock } from './mbconv-block';
export type { BlockBatchNorm, MbconvBlock, MbconvBlockOptions } from './mbconv-block';
export { seededNormal } from './seeded-random';
export { maxRelativeError, runOn } from './compare-backends';
