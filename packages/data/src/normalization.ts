/** How `batches` turns pixel bytes into floats. */
export type Normalization =
  /** `pixel / 255`, in `[0, 1]` (the default). */
  | 'unit'
  /** The raw byte value, 0–255, as a float. */
  | 'none'
  /** `(pixel / 255 − mean[c]) / std[c]` per channel `c`; mean and std on the unit scale, as `channelStatistics` gives. */
  | { readonly mean: readonly number[]; readonly std: readonly number[] };

/** A normalisation resolved to `value = pixel · scale[c] + offset[c]` per channel. */
export interface ChannelAffine {
  /** Multiplier per channel (float64, so the float32 result is rounded once). */
  readonly scale: Float64Array;
  /** Offset per channel, added after scaling. */
  readonly offset: Float64Array;
}

/**
 * Resolves a {@link Normalization} for `channels` channels into a per-channel affine map; `mean`/`std` must
 * have one value per channel (or one value for all) and every `std` must be positive.
 *
 * @example
 * resolveNormalization({ mean: [0.5], std: [0.25] }, 1); // scale [1/63.75], offset [-2]
 */
export function resolveNormalization(normalization: Normalization, channels: number): ChannelAffine {
  const scale = new Float64Array(channels);
  const offset = new Float64Array(channels);
  if (normalization === 'unit' || normalization === 'none') {
    scale.fill(normalization === 'unit' ? 1 / 255 : 1);
    return { scale, offset };
  }
  for (const field of ['mean', 'std'] as const) {
    const values = normalization[field];
    if (values.length !== channels && values.length !== 1) {
      throw new Error(`normalize.${field}: expected ${channels} numbers (one per channel), got ${values.length}`);
    }
  }
  for (let channel = 0; channel < channels; channel += 1) {
    const mean = normalization.mean[normalization.mean.length === 1 ? 0 : channel] ?? 0;
    const std = normalization.std[normalization.std.length === 1 ? 0 : channel] ?? 0;
    if (!(std > 0) || !Number.isFinite(mean)) {
      throw new Error(`normalize: channel ${channel}: expected a finite mean and a positive std, got mean ${mean}, std ${std}`);
    }
    scale[channel] = 1 / (255 * std);
    offset[channel] = -mean / std;
  }
  return { scale, offset };
}
