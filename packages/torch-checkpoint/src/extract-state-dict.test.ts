import { describe, expect, it } from 'vitest';
import { expectedValues, expectTensor, fixtureBytes } from './__fixtures__/fixtures';
import { TorchCheckpointError } from './errors';
import { extractStateDict } from './extract-state-dict';
import { readTorchCheckpoint } from './read-torch-checkpoint';
import type { TorchTensor, TorchValue } from './torch-value';

const expected = expectedValues();
const read = (name: string) => readTorchCheckpoint(fixtureBytes(name), { source: name });
const tensor = (value: number): TorchTensor => ({
  kind: 'tensor',
  dtype: 'float32',
  shape: [1],
  data: Float32Array.of(value),
  requiresGrad: false,
});

function extractError(root: TorchValue, options = {}): string {
  try {
    extractStateDict(root, { source: 'model.pth', ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(TorchCheckpointError);
    expect((error as Error).message.startsWith('model.pth: ')).toBe(true);
    return (error as TorchCheckpointError).reason;
  }
  throw new Error('expected extractStateDict to throw');
}

describe('extractStateDict', () => {
  it.each(['training-checkpoint.zip.pth', 'training-checkpoint.legacy.pth'])(
    '%s: prefers model_ema and strips the module. prefix',
    (name) => {
      const weights = extractStateDict(read(name));
      expect([...weights.keys()]).toEqual(Object.keys(expected.tinyStateDict));
      for (const [key, want] of Object.entries(expected.trainingCheckpoint.modelEma)) {
        expectTensor(weights.get(key.replace(/^module\./, '')), want, key);
      }
    },
  );

  it('falls back to state_dict when model_ema is None', () => {
    const root = read('training-checkpoint-without-ema.zip.pth');
    expect((root as Map<string, TorchValue>).get('model_ema')).toBeNull();
    const weights = extractStateDict(root);
    for (const [key, want] of Object.entries(expected.trainingCheckpoint.stateDict)) {
      expectTensor(weights.get(key.replace(/^module\./, '')), want, key);
    }
  });

  it('follows options.prefer and options.stripPrefixes', () => {
    const root = read('training-checkpoint.zip.pth');
    const fromStateDict = extractStateDict(root, { prefer: ['state_dict'], stripPrefixes: [] });
    const [name, want] = Object.entries(expected.trainingCheckpoint.stateDict)[0]!;
    expect(name.startsWith('module.')).toBe(true);
    expectTensor(fromStateDict.get(name), want, name);
  });

  it('takes a flat state dict as it is', () => {
    const weights = extractStateDict(read('tiny-state-dict.legacy.pth'));
    expect([...weights.keys()]).toEqual(Object.keys(expected.tinyStateDict));
    expectTensor(weights.get('bn.running_var'), expected.tinyStateDict['bn.running_var']!, 'bn.running_var');
  });

  it('names the keys it found when there is no state dict', () => {
    const root = new Map<string, TorchValue>([['epoch', 3], ['arch', 'fbnet_a'], ['model_ema', null]]);
    expect(extractError(root)).toBe(
      "no state dict found: expected a dict with one of 'model_ema', 'state_dict', 'model' (not None) or a flat dict of tensors; found keys 'epoch', 'arch', 'model_ema'",
    );
    expect(extractError([tensor(1)])).toBe('no state dict found: the checkpoint is a list of 1, not a dict');
  });

  it('names the entry that is not a tensor in the chosen dict', () => {
    const root = new Map<string, TorchValue>([['state_dict', new Map<string, TorchValue>([['w', tensor(1)], ['step', 4]])]]);
    expect(extractError(root)).toBe("no state dict found: 'state_dict' entry 'step' is number 4, not a tensor");
    expect(extractError(new Map([['model', 'fbnet_a']]))).toBe("no state dict found: 'model' is string fbnet_a, not a dict of tensors");
  });

  it('refuses names that collide once module. is stripped', () => {
    const root = new Map<string, TorchValue>([['module.w', tensor(1)], ['w', tensor(2)]]);
    expect(extractError(root)).toBe("state dict names 'module.w' and 'w' both become 'w' once 'module.' is stripped");
  });
});
