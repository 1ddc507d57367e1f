export {
  logProbability, mostLikely, proposalOf, reinforceGradient, sampleArchitecture, sigmoid, updateBaseline,
} from './bernoulli-policy';
export type { ReinforceEstimate, ReinforceOptions } from './bernoulli-policy';
