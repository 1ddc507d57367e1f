export { createSobolSequence, SOBOL_BITS, SOBOL_MAX_DIMENSIONS } from './sobol';
export type { SobolOptions, SobolSequence } from './sobol';
export { centeredDiscrepancy } from './centered-discrepancy';
