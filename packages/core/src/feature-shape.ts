/** The shape of one feature map without the batch axis (NHWC order: height, width, channels). */
export interface FeatureShape {
  /** Rows (pixels). */
  height: number;
  /** Columns (pixels). */
  width: number;
  /** Channels. */
  channels: number;
}

/** The spatial size of a feature map (pixels). */
export interface SpatialSize {
  /** Rows (pixels). */
  height: number;
  /** Columns (pixels). */
  width: number;
}

/**
 * Formats a shape as `HxWxC`, the form used in latency keys.
 *
 * @example
 * formatFeatureShape({ height: 112, width: 112, channels: 16 }); // '112x112x16'
 */
export function formatFeatureShape(shape: FeatureShape): string {
  return `${shape.height}x${shape.width}x${shape.channels}`;
}

/**
 * Output size of a convolution with symmetric `k // 2` padding (PyTorch's): `floor((H + 2·(k//2) − k)/s) + 1`.
 *
 * @param size - input size along one axis (pixels).
 * @param kernel - kernel size (pixels).
 * @param stride - stride (pixels).
 * @returns output size along that axis (pixels); may be < 1 for inputs smaller than the kernel.
 * @example
 * convOutputSize(224, 3, 2); // 112
 * convOutputSize(7, 5, 1); // 7
 */
export function convOutputSize(size: number, kernel: number, stride: number, padding = Math.floor(kernel / 2)): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}
