import { describe, expect, it } from 'vitest';
import { IMAGENET_CLASSES } from './imagenet-classes';

describe('IMAGENET_CLASSES', () => {
  it('lists the 1000 classes in logit order', () => {
    expect(IMAGENET_CLASSES).toHaveLength(1000);
    expect(IMAGENET_CLASSES[0]).toBe('tench');
    expect(IMAGENET_CLASSES[281]).toBe('tabby');
    expect(IMAGENET_CLASSES[999]).toBe('toilet tissue');
    expect(new Set(IMAGENET_CLASSES).size).toBeGreaterThan(990);
  });
});
