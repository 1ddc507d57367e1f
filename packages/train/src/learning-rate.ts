/**
 * Cosine learning-rate decay without restarts, per step: `lr(t) = final + (initial − final)·(1 + cos(π·t/T))/2`
 * with t the global step and T = epochs · stepsPerEpoch.
 * @example
 * cosineLearningRate(0.1, 0, 1000); // 0.1
 */
export function cosineLearningRate(initial: number, step: number, totalSteps: number, final = 0): number {
  const t = Math.min(Math.max(step / Math.max(totalSteps, 1), 0), 1);
  return final + ((initial - final) * (1 + Math.cos(Math.PI * t))) / 2;
}
