import { loadMaskSpace } from '@fbnas/search-space';
import { describe, expect, it } from 'vitest';
import { fixResolution } from './resolution-pick-workflow';

describe('fixResolution', () => {
  it('fixes a mask space at one of its resolutions and leaves every other choice as it was', () => {
    const space = loadMaskSpace('fbnetv2-micro-28');
    expect(space.resolutions).toEqual([28, 21, 14]);
    const fixed = fixResolution(space, 21);
    expect(fixed.name).toBe('fbnetv2-micro-28-res21');
    expect(fixed.resolutions).toEqual([21]);
    expect(fixed.definition.stages).toEqual(space.definition.stages);
    expect(fixed.definition.candidates).toEqual(space.definition.candidates);
    expect(fixed.inputSize).toBe(28);
  });

  it('names the space and its resolutions when asked for another', () => {
    expect(() => fixResolution(loadMaskSpace('fbnetv2-micro-28'), 32)).toThrow("fixResolution: 'fbnetv2-micro-28' has resolutions 28, 21, 14, not 32");
  });
});
