import { InvalidValueError } from '../invalid-value-error';
import { isTuple } from '../pickle/tuple';
import type { UnpickleContext } from '../pickle/unpickle-context';
import { STORAGE_TYPES } from '../tensor/storage-types';
import { isTorchTensor, type TorchTensor } from '../torch-value';
import { describeValue, expectArgumentCount } from './expect-arguments';
import { GlobalReference, type SafeGlobal } from './safe-global';

const TENSOR_TYPES = ['torch.Tensor', 'torch.nn.parameter.Parameter'];

function rebuildTensor(context: UnpickleContext, args: readonly unknown[], requiresGrad: unknown): TorchTensor {
  if (context.rebuildTensor === undefined) throw new InvalidValueError('a tensor appears where none may be');
  const [storage, storageOffset, shape, stride] = args;
  return context.rebuildTensor({ storage, storageOffset, shape, stride, requiresGrad });
}

function markParameter(name: string, data: unknown, requiresGrad: unknown): TorchTensor {
  if (!isTorchTensor(data)) throw new InvalidValueError(`${name} expects a tensor, got ${describeValue(data)}`);
  (data as { requiresGrad: boolean }).requiresGrad = requiresGrad === true;
  return data;
}

/**
 * torch's tensor and parameter reconstructors, reimplemented as pure functions of their arguments, the tensor
 * type markers `_rebuild_from_type_v2` names, and the `torch.*Storage` classes persistent ids name.
 */
export const TORCH_GLOBALS: readonly SafeGlobal[] = [
  {
    name: 'torch._utils._rebuild_tensor_v2',
    // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    call: (args, context) => {
      expectArgumentCount('torch._utils._rebuild_tensor_v2', args, 6, 7);
      return rebuildTensor(context, args, args[4]);
    },
  },
  {
    name: 'torch._utils._rebuild_tensor',
    // (storage, storage_offset, size, stride)
    call: (args, context) => {
      expectArgumentCount('torch._utils._rebuild_tensor', args, 4);
      return rebuildTensor(context, args, false);
    },
  },
  {
    name: 'torch._utils._rebuild_parameter',
    // (data, requires_grad, backward_hooks)
    call: (args) => {
      expectArgumentCount('torch._utils._rebuild_parameter', args, 3);
      return markParameter('torch._utils._rebuild_parameter', args[0], args[1]);
    },
  },
  {
    name: 'torch._utils._rebuild_parameter_with_state',
    // (data, requires_grad, backward_hooks, state): the Python attributes in `state` are dropped.
    call: (args) => {
      expectArgumentCount('torch._utils._rebuild_parameter_with_state', args, 4);
      return markParameter('torch._utils._rebuild_parameter_with_state', args[0], args[1]);
    },
  },
  {
    name: 'torch._tensor._rebuild_from_type_v2',
    // (func, new_type, args, state): passes through for plain tensors and parameters only.
    call: (args, context) => {
      expectArgumentCount('torch._tensor._rebuild_from_type_v2', args, 4);
      const [rebuild, type, rebuildArgs] = args;
      if (!(type instanceof GlobalReference) || !TENSOR_TYPES.includes(type.name)) {
        throw new InvalidValueError(`torch._tensor._rebuild_from_type_v2 supports ${TENSOR_TYPES.join(' and ')} only`);
      }
      if (!(rebuild instanceof GlobalReference) || rebuild.definition.call === undefined || !isTuple(rebuildArgs)) {
        throw new InvalidValueError('torch._tensor._rebuild_from_type_v2 expects an allow-listed function and a tuple');
      }
      return rebuild.definition.call(rebuildArgs, context);
    },
  },
  ...TENSOR_TYPES.map((name) => ({ name })),
  ...STORAGE_TYPES.map((storageType) => ({ name: `torch.${storageType.className}`, storageType })),
];
