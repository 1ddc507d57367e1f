import { mulberry32 } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import {
  logProbability, mostLikely, policyLoss, proposalOf, reinforceGradient, sampleArchitecture, sigmoid, updateBaseline,
} from './bernoulli-policy';

/** Every architecture of B blocks. */
function everyArchitecture(blocks: number): (0 | 1)[][] {
  return Array.from({ length: 2 ** blocks }, (_, i) => Array.from({ length: blocks }, (_, b) => ((i >> b) & 1) as 0 | 1));
}

/** A fixed loss per architecture (any function works: the estimator is unbiased for every ℓ). */
const lossOf = (a: readonly (0 | 1)[]) => 1 + a.reduce<number>((s, v, b) => s + v * (b + 1) * 0.7, 0) + (a[0]! * a[2]! === 1 ? -1.5 : 0);

/** E_{a∼π(φ)}[ℓ(a)], exactly, by enumeration. */
function expectedLoss(logits: readonly number[]): number {
  const keep = logits.map(sigmoid);
  return everyArchitecture(logits.length).reduce((s, a) => s + Math.exp(logProbability(keep, a)) * lossOf(a), 0);
}

describe('Bernoulli policies and the importance-weighted REINFORCE estimator', () => {
  it('log p_π(a) is the sum of the independent blocks\' log probabilities (hand formula)', () => {
    expect(logProbability([0.2, 0.7, 0.5], [1, 0, 1])).toBeCloseTo(Math.log(0.2) + Math.log(0.3) + Math.log(0.5), 12);
    // A distribution: the probabilities of all 2^B architectures sum to 1.
    const keep = [0.1, 0.6, 0.35, 0.9];
    expect(everyArchitecture(4).reduce((s, a) => s + Math.exp(logProbability(keep, a)), 0)).toBeCloseTo(1, 12);
  });

  it('is unbiased: E_{a∼q}[ĝ] equals the exact gradient of E_π[ℓ] (finite differences), for any proposal q and baseline', () => {
    const logits = [0.3, -1.2, 0.8];
    const exact = logits.map((_, b) => {
      const h = 1e-5;
      const up = logits.map((v, i) => (i === b ? v + h : v));
      const down = logits.map((v, i) => (i === b ? v - h : v));
      return (expectedLoss(up) - expectedLoss(down)) / (2 * h);
    });
    for (const proposal of [[0.5, 0.5, 0.5], [0.3, 0.6, 0.8], logits.map(sigmoid)]) {
      for (const baseline of [0, 2.5]) {
        const expectation = [0, 0, 0];
        for (const a of everyArchitecture(3)) {
          const q = Math.exp(logProbability(proposal, a));
          const { gradient } = reinforceGradient(logits, proposal, a, lossOf(a), baseline, { clip: 1e9 });
          gradient.forEach((g, b) => (expectation[b]! += q * g));
        }
        expectation.forEach((e, b) => expect(e, `q ${proposal}, baseline ${baseline}, block ${b}`).toBeCloseTo(exact[b]!, 7));
      }
    }
  });

  it('importance weight p_π(a)/q(a), clipped; on-policy it is 1', () => {
    const logits = [2, 2];
    const estimate = reinforceGradient(logits, [0.1, 0.1], [1, 1], 3, 1, { clip: 5 });
    expect(estimate.rawWeight).toBeCloseTo((sigmoid(2) ** 2) / 0.01, 9);
    expect(estimate.weight).toBe(5);
    expect(estimate.gradient).toEqual([1, 1].map(() => 5 * 2 * (1 - sigmoid(2))));
    expect(reinforceGradient(logits, logits.map(sigmoid), [0, 1], 3, 1).weight).toBeCloseTo(1, 12);
    expect(() => reinforceGradient(logits, [0.5, 0.5], [1, 0], Number.NaN, 0)).toThrow(/loss: expected a finite number/);
    expect(() => reinforceGradient(logits, [0.5], [1, 0], 1, 0)).toThrow(/expected 2 blocks, got 1/);
  });

  it('sampling follows π (seeded), the proposal is the mean policy, the baseline a moving average', () => {
    const random = mulberry32(11);
    const keep = [0.1, 0.5, 0.9];
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) sampleArchitecture(keep, random).forEach((v, b) => (counts[b]! += v));
    counts.forEach((c, b) => expect(c / 20_000).toBeCloseTo(keep[b]!, 1));
    const proposal = proposalOf([[0.2, 0.8], [0.6, 0.4], [0.1, 0.3]], 0);
    expect(proposal[0]).toBeCloseTo(0.3, 12);
    expect(proposal[1]).toBeCloseTo(0.5, 12);
    // Mixed with Bernoulli(0.5): (1 − 0.25)·0.3 + 0.25·0.5 = 0.35; fully uniform whatever the policies.
    expect(proposalOf([[0.2, 0.8], [0.6, 0.4], [0.1, 0.3]], 0.25)[0]).toBeCloseTo(0.35, 12);
    expect(proposalOf([[0.01, 0.99]], 1)).toEqual([0.5, 0.5]);
    expect(() => proposalOf([[0.2]], 1.5)).toThrow(/uniformMix: expected a number in \[0, 1\], got 1.5/);
    expect(updateBaseline(null, 4)).toBe(4);
    expect(updateBaseline(4, 2, 0.75)).toBe(3.5);
    expect(mostLikely([0.2, 0.51, 0.5, 0.9])).toEqual([0, 1, 0, 1]);
  });

  it('a relative reward weighs each task\'s loss against the cost term independently of the loss\'s scale', () => {
    // Hand values: loss 0.03 on a running mean of 0.025 is 20 % worse; with cost 0.1 the policy loss is 1.2 + 0.1.
    expect(policyLoss(0.03, 0.1, 0.025, 'relative')).toBeCloseTo(1.3, 12);
    expect(policyLoss(0.03, 0.1, 0.025, 'absolute')).toBeCloseTo(0.13, 12);
    expect(policyLoss(0.03, 0.1, null, 'relative')).toBeCloseTo(1.1, 12);
    // Two tasks whose losses differ 40× in scale, each 10 % better on architecture A than on B, and A 0.05 further
    // from the budget: relative, both prefer A by the same margin; absolute, the small-scale task is steered by the
    // cost alone and prefers B.
    const margin = (scale: number, reward: 'relative' | 'absolute') =>
      policyLoss(0.9 * scale, 0.05, scale, reward) - policyLoss(scale, 0, scale, reward);
    expect(margin(1.2, 'relative')).toBeCloseTo(margin(0.03, 'relative'), 12);
    expect(margin(0.03, 'relative')).toBeLessThan(0);
    expect(margin(1.2, 'absolute')).toBeLessThan(0);
    expect(margin(0.03, 'absolute')).toBeGreaterThan(0);
    expect(() => policyLoss(0.1, 0, 0, 'relative')).toThrow(/positive loss scale/);
  });
});
