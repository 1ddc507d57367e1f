import { InvalidValueError } from '../invalid-value-error';
import { describeValue, expectArgumentCount } from './expect-arguments';
import { NumpyDtype } from './numpy-dtype';
import type { SafeGlobal } from './safe-global';

function dtype(args: readonly unknown[]): NumpyDtype {
  expectArgumentCount('numpy.dtype', args, 1, 3);
  const [descriptor] = args;
  if (typeof descriptor !== 'string') throw new InvalidValueError(`numpy.dtype expects a type code, got ${describeValue(descriptor)}`);
  return new NumpyDtype(descriptor);
}

function scalar(args: readonly unknown[]): number | bigint | boolean {
  expectArgumentCount('numpy.core.multiarray.scalar', args, 2);
  const [type, bytes] = args;
  if (!(type instanceof NumpyDtype) || !(bytes instanceof Uint8Array)) {
    throw new InvalidValueError(
      `numpy.core.multiarray.scalar expects (dtype, bytes), got (${describeValue(type)}, ${describeValue(bytes)})`,
    );
  }
  return type.decode(bytes);
}

/**
 * numpy scalars (`np.float64(73.5)` in checkpoint metadata such as `best_acc1`) decoded to numbers, under
 * numpy 1's and numpy 2's module names. numpy arrays (`_reconstruct`) stay refused.
 */
export const NUMPY_GLOBALS: readonly SafeGlobal[] = [
  { name: 'numpy.dtype', call: dtype },
  { name: 'numpy.core.multiarray.scalar', call: scalar },
  { name: 'numpy._core.multiarray.scalar', call: scalar },
];
