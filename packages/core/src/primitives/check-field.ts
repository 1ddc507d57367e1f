import { describeValue, FormatError } from '../format-error';

/**
 * Throws `${where}.${field}: expected ${expected}, got …` unless `value` is a positive integer.
 *
 * @example
 * positiveIntegerField(layer.kernel, where, 'kernel', 'a positive integer kernel size');
 */
export function positiveIntegerField(value: unknown, where: string, field: string, expected: string): void {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new FormatError(`${where}.${field}`, `expected ${expected}, got ${describeValue(value)}`);
  }
}

/** Formats a shape as `HxWxC` for errors. */
export function shapeText(shape: { height: number; width: number; channels: number }): string {
  return `${shape.height}x${shape.width}x${shape.channels}`;
}
