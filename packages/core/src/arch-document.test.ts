import { describe, expect, it } from 'vitest';
import { archDocument } from './arch-document';
import { validateArch } from './validate-arch';

describe('archDocument', () => {
  it('frames a derived network as a valid fbnas.arch/v1 document that shares no object with the space', () => {
    const frame = { inputChannels: 1, numClasses: 10, basicArgs: { widthDivisor: 8 }, head: { op: 'classifier', args: { dropout: 0.1 } } };
    const arch = archDocument(frame, { name: 'n', description: 'd', inputSize: 28, stages: [[['conv_k3', 16, 2, 1]]] });
    expect(validateArch(arch)).toEqual(arch);
    expect(arch).toEqual({ format: 'fbnas.arch/v1', name: 'n', description: 'd', inputSize: 28, inputChannels: 1, numClasses: 10, basicArgs: { widthDivisor: 8 }, stages: [[['conv_k3', 16, 2, 1]]], head: { op: 'classifier', args: { dropout: 0.1 } } });
    expect(arch.basicArgs).not.toBe(frame.basicArgs);
    expect(arch.head).not.toBe(frame.head);
    expect(Object.keys(archDocument({}, { name: 'm', inputSize: 8, stages: [] }))).toEqual(['format', 'name', 'inputSize', 'stages']);
  });
});
