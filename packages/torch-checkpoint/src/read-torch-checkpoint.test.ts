import { describe, expect, it } from 'vitest';
import { expectedValues, expectTensor, expectTensorDict, fixtureBytes } from './__fixtures__/fixtures';
import { readTorchCheckpoint } from './read-torch-checkpoint';
import { isPythonObject, isTorchTensor, type TorchTensor, type TorchValue } from './torch-value';

const expected = expectedValues();

function read(name: string): Map<string, TorchValue> {
  const root = readTorchCheckpoint(fixtureBytes(name), { source: name });
  expect(root).toBeInstanceOf(Map);
  return root as Map<string, TorchValue>;
}

describe('readTorchCheckpoint on PyTorch 1.13 fixtures', () => {
  it.each([
    'tiny-state-dict.zip.pth',
    'tiny-state-dict.legacy.pth',
    'tiny-state-dict.protocol4.zip.pth',
    'tiny-state-dict.deflate.zip.pth',
    'tiny-state-dict.zip64.zip.pth',
  ])('%s: a conv + batch-norm state dict equals PyTorch exactly', (name) => {
    const stateDict = read(name);
    expectTensorDict(stateDict, expected.tinyStateDict);
    expect((stateDict.get('conv.weight') as TorchTensor).shape).toEqual([3, 2, 3, 3]);
    expect((stateDict.get('bn.num_batches_tracked') as TorchTensor).data).toEqual(BigInt64Array.of(3n));
  });

  it.each(['tensor-zoo.zip.pth', 'tensor-zoo.legacy.pth'])(
    '%s: every dtype, strided views and shared storages equal PyTorch exactly',
    (name) => {
      expectTensorDict(read(name), expected.tensorZoo);
    },
  );

  it('the tensor zoo really exercises non-contiguous strides, offsets and stride 0', () => {
    const zoo = expected.tensorZoo;
    expect(zoo.transposed!.contiguous).toBe(false);
    expect(zoo.sliced!.storageOffset).toBeGreaterThan(0);
    expect(zoo.expanded!.stride).toContain(0);
    expect(zoo.shared_strided).toMatchObject({ contiguous: false, storageOffset: 1 });
  });

  it('gives each tensor of a shared storage its own copy', () => {
    const zoo = read('tensor-zoo.zip.pth');
    const head = zoo.get('shared_head') as TorchTensor;
    const tail = zoo.get('shared_tail') as TorchTensor;
    expect(head.data.buffer).not.toBe(tail.data.buffer);
    (head.data as Float32Array)[4] = 99;
    expect((tail.data as Float32Array)[0]).toBe(0);
  });

  it('marks nn.Parameters with requires_grad and plain tensors without', () => {
    const zoo = read('tensor-zoo.legacy.pth');
    expect((zoo.get('parameter') as TorchTensor).requiresGrad).toBe(true);
    expect((zoo.get('transposed') as TorchTensor).requiresGrad).toBe(false);
  });

  it.each(['training-checkpoint.zip.pth', 'training-checkpoint.legacy.pth'])(
    '%s: metadata, argparse.Namespace, numpy scalars, sets and both state dicts',
    (name) => {
      const checkpoint = read(name);
      const want = expected.trainingCheckpoint;
      expect(checkpoint.get('epoch')).toBe(want.epoch);
      expect(checkpoint.get('arch')).toBe(want.arch);
      expect(checkpoint.get('best_acc1')).toBe(want.bestAccuracy);
      expect(checkpoint.get('best_epoch')).toBe(want.bestEpoch);
      expect(checkpoint.get('lr_scale')).toBe(want.learningRateScale);
      const args = checkpoint.get('args');
      expect(isPythonObject(args) && args.className).toBe('argparse.Namespace');
      const fields = isPythonObject(args) ? args.fields : new Map();
      expect(fields.get('lr')).toBe(0.1);
      expect(fields.get('milestones')).toEqual([30, 60]);
      expect(Object.isFrozen(fields.get('resolution'))).toBe(true);
      expect(fields.get('resolution')).toEqual([224, 224]);
      expect(fields.get('seed')).toBeNull();
      expect(fields.get('tags')).toEqual(new Set(['ema']));
      expect([...fields.keys()].sort()).toEqual(Object.keys(want.args).sort());
      const optimizer = checkpoint.get('optimizer') as Map<string, TorchValue>;
      expect(optimizer.get('param_groups')).toEqual([new Map<string, TorchValue>([['lr', 0.1], ['momentum', 0.9], ['params', [0, 1, 2]]])]);
      expectTensorDict(checkpoint.get('state_dict'), want.stateDict);
      expectTensorDict(checkpoint.get('model_ema'), want.modelEma);
    },
  );

  it('reads bytes at an odd offset of a larger buffer (unaligned storages)', () => {
    const bytes = fixtureBytes('tensor-zoo.zip.pth');
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    const zoo = readTorchCheckpoint(padded.subarray(3)) as Map<string, TorchValue>;
    expectTensor(zoo.get('float64'), expected.tensorZoo.float64!, 'float64');
    expect(isTorchTensor(zoo.get('int64'))).toBe(true);
  });
});
