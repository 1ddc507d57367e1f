import { validateArch } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { builtinArchitectureFiles } from './architectures';
import { builtinModelZoo, listModels, loadArchitecture, modelInfo } from './builtin-zoo';

describe('builtin model zoo', () => {
  it('resolves aliases', () => {
    expect(modelInfo('FBNet_a').name).toBe('fbnet_a');
    expect(modelInfo('FBNet_c').name).toBe('fbnet_c');
    expect(modelInfo('FBNetV2_F5').name).toBe('FBNetV2_L2');
    expect(loadArchitecture('FBNetV2_F5').name).toBe('FBNetV2_L2');
  });

  it('lists the known names when one is unknown', () => {
    expect(() => modelInfo('fbnet_d')).toThrow(/^unknown model 'fbnet_d'; known models: fbnet_a \| FBNet_a, fbnet_b/);
    expect(() => loadArchitecture('resnet50')).toThrow("unknown model 'resnet50'");
  });

  it('records §6.1 metadata: resolution, eval resize, published figures, top-1, licence', () => {
    expect(modelInfo('FBNetV2_F1')).toMatchObject({
      resolution: 128,
      evalResize: 151,
      published: { macs: 56410560, weights: 5999408, macsMillions: 56.41056, weightsMillions: 5.999408, decimals: 6 },
      top1: 68.28,
    });
    expect(modelInfo('fbnet_b')).toMatchObject({ resolution: 224, evalResize: 256, published: { macsMillions: 291.10164, decimals: 5 } });
    for (const model of listModels()) {
      expect(model.checkpoint).toMatchObject({ sha256: null, licence: 'CC BY-NC 4.0' });
      expect(model.checkpoint.url).toMatch(/^https:\/\/dl\.fbaipublicfiles\.com\/fbnet\/models\/.+\/model\.pth$/);
      expect(model.checkpoint.urlVerified).toBe(model.family !== 'FBNet');
    }
  });

  it('uses the default eval resize rule 8·ceil((256/224)·crop/8) where none is published', () => {
    for (const model of listModels().filter((entry) => entry.family === 'FBNet')) {
      expect(model.evalResize).toBe(8 * Math.ceil(((256 / 224) * model.resolution) / 8));
    }
  });

  it('returns copies, so callers cannot change the zoo', () => {
    const arch = loadArchitecture('fbnet_a');
    arch.stages[0]![0]![1] = 999;
    modelInfo('fbnet_a').aliases.push('mine');
    expect(loadArchitecture('fbnet_a').stages[0]![0]![1]).toBe(16);
    expect(modelInfo('fbnet_a').aliases).toEqual(['FBNet_a']);
  });

  it('embeds sixteen valid architecture files, each named after its file', () => {
    expect(Object.keys(builtinArchitectureFiles)).toHaveLength(16);
    for (const [file, json] of Object.entries(builtinArchitectureFiles)) {
      expect(`${validateArch(json).name}.json`).toBe(file);
    }
    expect(builtinModelZoo()).toBe(builtinModelZoo());
  });

  it('describes F2 as F1 at 160 px and L2 as L1 at 256 px', () => {
    const withoutSize = (name: string) => {
      const arch: Partial<ReturnType<typeof loadArchitecture>> = loadArchitecture(name);
      delete arch.inputSize;
      delete arch.name;
      delete arch.description;
      return arch;
    };
    expect(withoutSize('FBNetV2_F2')).toEqual(withoutSize('FBNetV2_F1'));
    expect(withoutSize('FBNetV2_L2')).toEqual(withoutSize('FBNetV2_L1'));
  });
});
