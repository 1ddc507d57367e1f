import { describe, expect, it } from 'vitest';
import { tinySpaceDefinition } from './__fixtures__/tiny-space';
import { loadSpace } from './builtin-spaces';
import { countArchitectures } from './count-architectures';
import { parseSpace } from './parse-space';

describe('countArchitectures', () => {
  it('gives 9^22 for the paper space (about 10^21)', () => {
    const { count, log10 } = countArchitectures(loadSpace('fbnet'));
    expect(count).toBe(9n ** 22n);
    expect(count).toBe(984770902183611232881n);
    expect(log10).toBeCloseTo(22 * Math.log10(9), 10);
  });

  it('gives 9^8 for the micro spaces and multiplies per-layer counts', () => {
    expect(countArchitectures(loadSpace('fbnet-micro-28')).count).toBe(43046721n);
    expect(countArchitectures(loadSpace('fbnet-micro-32')).count).toBe(43046721n);
    const tiny = countArchitectures(parseSpace(tinySpaceDefinition()));
    expect(tiny.count).toBe(32n);
    expect(tiny.log10).toBeCloseTo(Math.log10(32), 12);
  });
});
