import { describe, expect, it } from 'vitest';
import manifestJson from './manifest.json';
import { createModelZoo } from './model-zoo';
import { validateZooManifest } from './validate-zoo-manifest';

type Mutable = Record<string, unknown> & { models: Array<Record<string, Record<string, unknown>>> };

function manifestWith(change: (manifest: Mutable) => void): unknown {
  const manifest = structuredClone(manifestJson) as unknown as Mutable;
  change(manifest);
  return manifest;
}

describe('validateZooManifest', () => {
  it('accepts the built-in manifest', () => {
    expect(validateZooManifest(manifestJson).models).toHaveLength(16);
  });

  it.each<[string, (manifest: Mutable) => void, string]>([
    ['format', (m) => (m.format = 'fbnas.zoo/v2'), 'format: expected "fbnas.zoo/v1", got "fbnas.zoo/v2"'],
    ['unknown key', (m) => (m.version = 1), 'version: unknown key; expected one of format, models'],
    ['no models', (m) => (m.models = []), 'models: expected a non-empty list of models, got []'],
    ['model key', (m) => (m.models[0]!.flops = {}), 'models[0].flops: unknown key; expected one of name, family,'],
    ['decimals', (m) => (m.models[2]!.published!.decimals = 9), 'models[2].published.decimals: expected an integer from 0 to 6, got 9'],
    ['inconsistent MACs', (m) => (m.models[0]!.published!.macs = 244526360 + 8), 'models[0].published.macs: expected macsMillions × 10⁶ (244526360), got 244526368'],
    ['sha256', (m) => (m.models[1]!.checkpoint!.sha256 = 'abc'), 'models[1].checkpoint.sha256: expected null or 64 lowercase hex digits, got "abc"'],
    ['url', (m) => (m.models[1]!.checkpoint!.url = 'ftp://x'), 'models[1].checkpoint.url: expected an https URL (or http://127.0.0.1/localhost), got "ftp://x"'],
    ['plain http', (m) => (m.models[1]!.checkpoint!.url = 'http://example.com/a.pth'), 'models[1].checkpoint.url: expected an https URL (or http://127.0.0.1/localhost), got "http://example.com/a.pth"'],
    ['resize', (m) => ((m.models[3] as Record<string, unknown>).evalResize = 100), 'models[3].evalResize: expected at least the resolution (128), got 100'],
    ['duplicate alias', (m) => ((m.models[8] as Record<string, unknown>).aliases = ['FBNet_a']), "models[8].aliases[0]: expected a name not used before, got 'FBNet_a' (already models[0].aliases[0])"],
  ])('%s', (_case, change, message) => {
    expect(() => validateZooManifest(manifestWith(change))).toThrow(message);
  });
});

describe('createModelZoo', () => {
  const oneModel = manifestWith((m) => (m.models = m.models.slice(0, 1)));

  it('requires every architecture file and checks it matches the model', () => {
    expect(() => createModelZoo(oneModel, {})).toThrow('models[0].architecture: expected one of the architecture files (), got "fbnet_a.json"');
    const wrongSize = { format: 'fbnas.arch/v1', name: 'fbnet_a', inputSize: 192, stages: [[['conv_k3', 16, 2, 1]]] };
    expect(() => createModelZoo(oneModel, { 'fbnet_a.json': wrongSize })).toThrow(
      "models[0].architecture (fbnet_a.json).inputSize: expected the model's resolution 224, got 192",
    );
    expect(() => createModelZoo(oneModel, { 'fbnet_a.json': { ...wrongSize, inputSize: -1 } })).toThrow(
      'models[0].architecture (fbnet_a.json): inputSize: expected a positive integer input size (pixels), got -1',
    );
  });
});
