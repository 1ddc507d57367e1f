import { describe, expect, it } from 'vitest';
import { ALLOWED_GLOBALS, resolveGlobal } from './allowed-globals';

describe('the global allow-list', () => {
  it('is exactly the reviewed list (widening it must be deliberate)', () => {
    expect([...ALLOWED_GLOBALS].sort()).toEqual(
      [
        'torch._utils._rebuild_tensor_v2',
        'torch._utils._rebuild_tensor',
        'torch._utils._rebuild_parameter',
        'torch._utils._rebuild_parameter_with_state',
        'torch._tensor._rebuild_from_type_v2',
        'torch.Tensor',
        'torch.nn.parameter.Parameter',
        'torch.FloatStorage',
        'torch.DoubleStorage',
        'torch.HalfStorage',
        'torch.BFloat16Storage',
        'torch.LongStorage',
        'torch.IntStorage',
        'torch.ByteStorage',
        'torch.BoolStorage',
        'collections.OrderedDict',
        'builtins.set',
        'builtins.frozenset',
        '__builtin__.set',
        '__builtin__.frozenset',
        '_codecs.encode',
        'argparse.Namespace',
        'numpy.dtype',
        'numpy.core.multiarray.scalar',
        'numpy._core.multiarray.scalar',
      ].sort(),
    );
  });

  it('resolves allowed names and refuses lookalikes', () => {
    expect(resolveGlobal('collections', 'OrderedDict').name).toBe('collections.OrderedDict');
    expect(() => resolveGlobal('collections', 'OrderedDict.fromkeys')).toThrow(/unsafe pickle: global 'collections.OrderedDict.fromkeys'/);
    expect(() => resolveGlobal('torch._utils', '_rebuild_device_tensor_from_numpy')).toThrow(/is not allowed/);
    expect(() => resolveGlobal('builtins', '__import__')).toThrow(/is not allowed/);
  });
});
