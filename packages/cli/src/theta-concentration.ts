import { meanMaxProbability } from '@fbnas/core';

/** How far a search's θ moved from uniform. */
export interface ThetaConcentration {
  /** Mean over θ's rows (layers, or a mask search's choices) of the largest probability (0–1). */
  meanMaxProbability: number;
  /** The same for uniform θ: the mean over rows of 1 / options (0–1). */
  uniformProbability: number;
  /**
   * True when θ hardly moved: a mean max p below twice the uniform one. The argmax is then close to a random pick
   * (in our sweeps, β 0 and 0.3 ended at 0.16 and 0.19 of a uniform 0.11 and were beaten by most random networks).
   */
  weak: boolean;
}

/**
 * The concentration of a search's final probabilities (`result.probabilities`: row → option → p), from
 * `meanMaxProbability` (0 and 0, not weak, when there are no rows).
 *
 * @example
 * thetaConcentration({ a: { x: 0.9, y: 0.1 }, b: { x: 0.5, y: 0.5 } }); // { meanMaxProbability: 0.7, uniformProbability: 0.5, weak: true }
 */
export function thetaConcentration(probabilities: Record<string, Record<string, number>>): ThetaConcentration {
  const { mean, uniform } = meanMaxProbability(probabilities);
  return { meanMaxProbability: mean, uniformProbability: uniform, weak: mean < 2 * uniform };
}

/** The printout's line about θ, with advice when it hardly moved. */
export function thetaConcentrationLine(concentration: ThetaConcentration, advice: string): string {
  const { meanMaxProbability: p, uniformProbability: u, weak } = concentration;
  const line = `θ: mean over rows of the argmax's p = ${p.toFixed(2)} (uniform ${u.toFixed(2)})`;
  return weak ? `${line}. θ hardly moved: the argmax is close to a random pick; ${advice}` : line;
}
