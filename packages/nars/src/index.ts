export { createSobolSequence, SOBOL_BITS, SOBOL_MAX_DIMENSIONS } from './sobol';
export type { SobolOptions, SobolSequence } from './sobol';
export { centeredDiscrepancy } from './centered-discrepancy';
export { JOINT_SPACE_FORMAT } from './joint-space-definition';
export type {
  ContinuousRange, IntegerDimension, IntegerRange, JointRecipeDefinition, JointSpaceDefinition, JointStageDefinition, JointStemDefinition, RealDimension,
} from './joint-space-definition';
export { validateJointSpace } from './validate-joint-space';
export { dimensionValue, integerOptions, jointDimensions } from './joint-dimensions';
export type { JointDimension, JointValue } from './joint-dimensions';
export { decodeJointPoint, jointArchitecture, parseJointSpace } from './joint-sample';
export type { JointRecipe, JointSample, JointSpace, JointStageChoice } from './joint-sample';
export { sampleJointSpace } from './sample-joint-space';
export type { JointConstraints, JointSampling, SampledPair, SampleJointSpaceOptions } from './sample-joint-space';
export { builtinJointSpaceFiles, createBuiltinJointSpaceRegistry, loadJointSpace } from './builtin-joint-spaces';
export { encodeJointSample, jointFeatureNames, jointValueAt } from './encode-joint-sample';
export type { JointEncoding } from './encode-joint-sample';
export { kendallTau } from './kendall-tau';
export { pairAt } from './sample-joint-space';
export { evolveJointSpace } from './evolve-joint-space';
export type { Evolution, EvolveOptions, ScoredPair } from './evolve-joint-space';
export { evolveParetoSet, macsBudgets } from './evolve-pareto-set';
export type { EvolvedBudget, ParetoSet } from './evolve-pareto-set';
