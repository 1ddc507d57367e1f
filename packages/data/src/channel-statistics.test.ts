import { describe, expect, it } from 'vitest';
import { channelStatistics } from './channel-statistics';
import type { Dataset } from './dataset';

describe('channelStatistics', () => {
  it('computes the per-channel mean and population std on the unit scale', () => {
    // two 1×1 RGB images: R 0 and 255 (mean 0.5, std 0.5), G 51 and 51 (0.2, 0), B 0 and 102 (0.2, 0.2)
    const dataset: Dataset = { name: 'tiny', images: Uint8Array.from([0, 51, 0, 255, 51, 102]), labels: Uint8Array.from([0, 1]), count: 2, height: 1, width: 1, channels: 3, classes: 2 };
    const { mean, std } = channelStatistics(dataset);
    [0.5, 0.2, 0.2].forEach((value, channel) => expect(mean[channel]).toBeCloseTo(value, 12));
    [0.5, 0, 0.2].forEach((value, channel) => expect(std[channel]).toBeCloseTo(value, 12));
  });
});
