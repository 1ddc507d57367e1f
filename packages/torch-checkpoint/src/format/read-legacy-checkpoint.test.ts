import { describe, expect, it } from 'vitest';
import { global, legacyCheckpoint, pickle, tensorBody, unicode } from '../__fixtures__/pickle-builder';
import { TorchCheckpointError } from '../errors';
import { OPCODES } from '../pickle/opcodes';
import type { TorchTensor } from '../torch-value';
import { readLegacyCheckpoint } from './read-legacy-checkpoint';

const values = [0, 1, 2, 3, 4, 5, 6, 7];

function reason(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(TorchCheckpointError);
    return (error as TorchCheckpointError).reason;
  }
  throw new Error('expected an error');
}

describe('readLegacyCheckpoint on hand-built files', () => {
  it('rebuilds storage views of PyTorch < 1.6 (view key, element offset, size)', () => {
    const main = pickle(
      OPCODES.MARK,
      ...tensorBody({ elementCount: 8, shape: [2], stride: [1], storageOffset: 1, view: { key: 'v', offset: 4, elementCount: 3 } }),
      ...tensorBody({ elementCount: 8, shape: [2, 2], stride: [1, 2] }),
      OPCODES.LIST,
    );
    const [view, transposed] = readLegacyCheckpoint(legacyCheckpoint(main, [{ key: '0', count: 8, values }]), 'old.pth') as TorchTensor[];
    expect(Array.from(view!.data as Float32Array)).toEqual([5, 6]);
    expect(Array.from(transposed!.data as Float32Array)).toEqual([0, 2, 1, 3]);
  });

  it('refuses views past their root storage, and tensors past their view', () => {
    const read = (view: { key: string; offset: number; elementCount: number }) => () => {
      const main = pickle(...tensorBody({ elementCount: 8, shape: [3], stride: [1], view }));
      return readLegacyCheckpoint(legacyCheckpoint(main, [{ key: '0', count: 8, values }]), 'old.pth');
    };
    expect(reason(read({ key: 'v', offset: 7, elementCount: 3 }))).toMatch(/^storage view 'v' \(7\+3\) exceeds storage '0'/);
    expect(reason(read({ key: 'v', offset: 6, elementCount: 2 }))).toMatch(
      /^tensor of size \[3\] stride \[1\] offset 0 reads element 2 of a storage of 2 elements/,
    );
  });

  it('refuses tensors whose strides reach outside their storage', () => {
    const main = pickle(...tensorBody({ elementCount: 8, shape: [3, 3], stride: [3, 1] }));
    expect(reason(() => readLegacyCheckpoint(legacyCheckpoint(main, [{ key: '0', count: 8, values }]), 'old.pth'))).toMatch(
      /^tensor of size \[3,3\] stride \[3,1\] offset 0 reads element 8 of a storage of 8 elements \(opcode 0x52 \(REDUCE\) at byte \d+\)$/,
    );
  });

  it('refuses malformed rebuild arguments', () => {
    const main = pickle(...tensorBody({ elementCount: 8, shape: [2, 2], stride: [1] }));
    expect(reason(() => readLegacyCheckpoint(legacyCheckpoint(main, [{ key: '0', count: 8, values }]), 'old.pth'))).toMatch(
      /^tensor size \[2,2\] and stride \[1\] have different lengths/,
    );
  });

  it('reports storage keys that no tensor uses and storages missing from the file', () => {
    const main = pickle(...tensorBody({ elementCount: 2, shape: [2], stride: [1] }));
    expect(reason(() => readLegacyCheckpoint(legacyCheckpoint(main, [{ key: 'x', count: 2, values: [1, 2] }]), 'old.pth'))).toBe(
      "storage 'x' is listed after the pickle but no tensor uses it",
    );
    expect(reason(() => readLegacyCheckpoint(legacyCheckpoint(main, []), 'old.pth'))).toBe(
      "storage '0' is used by the pickle but missing from the file",
    );
  });

  it('refuses bare storages and bare globals as values', () => {
    const storage = pickle(OPCODES.MARK, ...unicode('storage'), ...global('torch', 'FloatStorage'), ...unicode('0'), ...unicode('cpu'), OPCODES.BININT1, 2, OPCODES.NONE, OPCODES.TUPLE, OPCODES.BINPERSID);
    expect(reason(() => readLegacyCheckpoint(legacyCheckpoint(storage, [{ key: '0', count: 2, values: [1, 2] }]), 'old.pth'))).toBe(
      "unsupported value in the checkpoint: a bare storage of storage '0' (not inside a tensor)",
    );
    expect(reason(() => readLegacyCheckpoint(legacyCheckpoint(pickle(...global('torch', 'Tensor')), []), 'old.pth'))).toBe(
      "unsupported value in the checkpoint: the Python global 'torch.Tensor' itself (not a call of it)",
    );
  });

  it('returns cyclic containers as cycles', () => {
    const cyclic = pickle(OPCODES.EMPTY_LIST, OPCODES.BINPUT, 0, OPCODES.BINGET, 0, OPCODES.APPEND);
    const list = readLegacyCheckpoint(legacyCheckpoint(cyclic, []), 'old.pth') as unknown[];
    expect(list[0]).toBe(list);
  });

  it('checks the magic number and protocol version', () => {
    const checkpoint = legacyCheckpoint(pickle(OPCODES.NONE), []);
    const wrongVersion = new Uint8Array(checkpoint);
    wrongVersion[18] = 0xea; // 1001 -> 1002
    expect(reason(() => readLegacyCheckpoint(wrongVersion, 'old.pth'))).toBe('unsupported legacy checkpoint protocol version number 1002 (expected 1001)');
    expect(readLegacyCheckpoint(checkpoint, 'old.pth')).toBeNull();
  });
});
