import { describe, expect, it } from 'vitest';
import { thetaConcentration, thetaConcentrationLine } from './theta-concentration';

describe('thetaConcentration', () => {
  it('averages each row\'s largest probability, and the uniform one per row size', () => {
    const c = thetaConcentration({ a: { x: 0.9, y: 0.1 }, b: { x: 0.2, y: 0.3, z: 0.5 } });
    expect(c.meanMaxProbability).toBeCloseTo((0.9 + 0.5) / 2, 12);
    expect(c.uniformProbability).toBeCloseTo((1 / 2 + 1 / 3) / 2, 12);
    expect(c.weak).toBe(true); // 0.7 < 2 · 0.417
  });

  it('calls θ weak below twice the uniform mean max p', () => {
    const nine = (top: number) => Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`c${i}`, i === 0 ? top : (1 - top) / 8]));
    expect(thetaConcentration({ a: nine(0.16), b: nine(0.19) })).toMatchObject({ weak: true });
    expect(thetaConcentration({ a: nine(0.25), b: nine(0.25) })).toMatchObject({ weak: false });
    expect(thetaConcentration({})).toMatchObject({ weak: false });
  });

  it('prints the advice only when θ is weak', () => {
    expect(thetaConcentrationLine({ meanMaxProbability: 0.72, uniformProbability: 0.11, weak: false }, 'more epochs')).toBe(
      "θ: mean over rows of the argmax's p = 0.72 (uniform 0.11)",
    );
    expect(thetaConcentrationLine({ meanMaxProbability: 0.16, uniformProbability: 0.11, weak: true }, 'more epochs')).toBe(
      "θ: mean over rows of the argmax's p = 0.16 (uniform 0.11). θ hardly moved: the argmax is close to a random pick; more epochs",
    );
  });
});
