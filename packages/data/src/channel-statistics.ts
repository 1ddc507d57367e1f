import type { Dataset } from './dataset';

/** Per-channel statistics on the unit scale (pixel / 255). */
export interface ChannelStatistics {
  /** Mean of each channel, in `[0, 1]`. */
  readonly mean: number[];
  /** Population standard deviation of each channel, in `[0, 0.5]`. */
  readonly std: number[];
}

/**
 * Mean and (population) standard deviation of each channel over every pixel of every image, on the unit scale
 * (pixel / 255), ready for `batches(…, { normalize })`. Exact: sums are integers below 2⁵³.
 *
 * @example
 * const { mean, std } = channelStatistics(train); // Fashion-MNIST train: mean [0.2860], std [0.3530]
 */
export function channelStatistics(dataset: Dataset): ChannelStatistics {
  const { channels, images } = dataset;
  const sums = new Array<number>(channels).fill(0);
  const squares = new Array<number>(channels).fill(0);
  for (let channel = 0; channel < channels; channel += 1) {
    let sum = 0;
    let square = 0;
    for (let index = channel; index < images.length; index += channels) {
      const value = images[index] ?? 0;
      sum += value;
      square += value * value;
    }
    sums[channel] = sum;
    squares[channel] = square;
  }
  const pixels = images.length / channels;
  const mean = sums.map((sum) => (pixels === 0 ? 0 : sum / pixels / 255));
  const std = squares.map((square, channel) => {
    if (pixels === 0) return 0;
    const meanValue = mean[channel] ?? 0;
    return Math.sqrt(Math.max(0, square / pixels / (255 * 255) - meanValue * meanValue));
  });
  return { mean, std };
}
