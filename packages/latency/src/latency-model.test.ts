import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linearLatency, sha256Json, type JsonValue } from '@fbnas/core';
import { loadMaskSpace } from '@fbnas/search-space';
import { afterAll, describe, expect, it } from 'vitest';
import { fitLinearLatency, leaveOneOutFit, type TimedNetwork } from './fit-latency-model';
import { LATENCY_MODEL_FORMAT, type LatencyModel } from './latency-model';
import { loadLatencyModel, saveLatencyModel } from './latency-model-file';
import { parseLatencyModel } from './parse-latency-model';

const folder = mkdtempSync(join(tmpdir(), 'fbnas-latency-model-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Networks whose times follow `truth` exactly, plus `noise(i)`, with features that vary independently. */
function networks(truth: { intercept: number; perLayer: number; perMac: number; perOutputElement: number }, noise = (_: number) => 0): TimedNetwork[] {
  return Array.from({ length: 24 }, (_, i) => {
    const features = { layers: 30 + ((i * 7) % 23), macs: 1e5 + ((i * 37) % 19) * 6e4, outputElements: 2e4 + ((i * 11) % 17) * 9e3 };
    return { features, measuredUs: linearLatency(truth, features) + noise(i) };
  });
}

describe('fitLinearLatency', () => {
  it('recovers the coefficients of exactly linear times (columns of very different scales)', () => {
    const truth = { intercept: -47, perLayer: 5.08, perMac: 8.6e-5, perOutputElement: 1.2e-3 };
    const fitted = fitLinearLatency(networks(truth));
    expect(fitted.intercept).toBeCloseTo(truth.intercept, 6);
    expect(fitted.perLayer).toBeCloseTo(truth.perLayer, 8);
    expect(fitted.perMac / truth.perMac).toBeCloseTo(1, 8);
    expect(fitted.perOutputElement / truth.perOutputElement).toBeCloseTo(1, 8);
  });

  it('sets a slope that fits negative to 0 and refits the others', () => {
    // Times fall with MACs: an unconstrained fit gives perMac < 0.
    const rows = networks({ intercept: 100, perLayer: 4, perMac: -1e-4, perOutputElement: 1e-3 });
    const fitted = fitLinearLatency(rows);
    expect(fitted.perMac).toBe(0);
    expect(fitted.perLayer).toBeGreaterThan(0);
    expect(fitted.perOutputElement).toBeGreaterThanOrEqual(0);
  });

  it('refuses too few networks and features that do not vary', () => {
    expect(() => fitLinearLatency(networks({ intercept: 0, perLayer: 1, perMac: 0, perOutputElement: 0 }).slice(0, 4))).toThrow('5 or more');
    const flat = networks({ intercept: 0, perLayer: 1, perMac: 0, perOutputElement: 0 }).map((r) => ({ ...r, features: { ...r.features, layers: 40 } }));
    expect(() => fitLinearLatency(flat)).toThrow('every network has the same layers');
  });
});

describe('leaveOneOutFit', () => {
  it('is exact for linear times and measures the error of noisy ones on the networks left out', () => {
    const truth = { intercept: 20, perLayer: 5, perMac: 1e-4, perOutputElement: 1e-3 };
    const exact = leaveOneOutFit(networks(truth), 7);
    expect(exact).toMatchObject({ networks: 24, seed: 7 });
    expect(exact.medianAbsolutePercentError).toBeLessThan(1e-6);
    expect(exact.spearman).toBeCloseTo(1, 10);
    const noisy = leaveOneOutFit(networks(truth, (i) => (i % 2 === 0 ? 30 : -30)), 7);
    expect(noisy.medianAbsolutePercentError).toBeGreaterThan(1);
    expect(noisy.p95AbsolutePercentError).toBeGreaterThanOrEqual(noisy.medianAbsolutePercentError);
  });
});

function model(): LatencyModel {
  const space = loadMaskSpace('fbnetv2-micro-28');
  return {
    format: LATENCY_MODEL_FORMAT,
    space: { name: space.name, sha256: sha256Json(space.definition as unknown as JsonValue) },
    unit: 'us', batchSize: 1,
    metadata: { backend: 'wasm', tfjsVersion: '4.22.0', cpu: 'test cpu', cores: 2, threads: 1, node: 'v20', date: '2026-12-07T00:00:00.000Z', warmup: 10, repeats: 60 },
    coefficients: { intercept: -47, perLayer: 5, perMac: 1e-4, perOutputElement: 1e-3 },
    fit: { networks: 40, seed: 0, medianAbsolutePercentError: 2.6, p95AbsolutePercentError: 10, spearman: 0.98 },
  };
}

describe('parseLatencyModel', () => {
  it('accepts a model and names the field of each error', () => {
    expect(parseLatencyModel(model())).toEqual(model());
    expect(() => parseLatencyModel({ ...model(), format: 'fbnas.lut/v1' })).toThrow('format: expected "fbnas.latency-model/v1"');
    expect(() => parseLatencyModel({ ...model(), coefficients: { ...model().coefficients, perLayer: -1 } })).toThrow('coefficients.perLayer: expected a finite number ≥ 0, got -1');
    expect(() => parseLatencyModel({ ...model(), coefficients: { ...model().coefficients, perMac: 'x' } })).toThrow('coefficients.perMac');
    expect(() => parseLatencyModel({ ...model(), fit: { ...model().fit, spearman: 2 } })).toThrow('fit.spearman: expected a number in [-1, 1]');
    expect(() => parseLatencyModel({ ...model(), extra: 1 })).toThrow('extra: unknown key');
  });
});

describe('saveLatencyModel / loadLatencyModel', () => {
  it('round-trips atomically and checks the space, naming the file', async () => {
    const file = join(folder, 'nested', 'micro.latency-model.json');
    await saveLatencyModel(file, model());
    expect(readdirSync(join(folder, 'nested'))).toEqual(['micro.latency-model.json']);
    expect(await loadLatencyModel(file, loadMaskSpace('fbnetv2-micro-28'))).toEqual(model());
    await expect(loadLatencyModel(file, loadMaskSpace('fbnetv2-micro-32'))).rejects.toThrow(`${file}: space: the latency model was fitted on 'fbnetv2-micro-28'`);
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{');
    await expect(loadLatencyModel(broken)).rejects.toThrow(`${broken}: not valid JSON`);
    await expect(saveLatencyModel(join(folder, 'bad.json'), { ...model(), batchSize: 0 })).rejects.toThrow('batchSize');
    expect(readdirSync(folder)).not.toContain('bad.json');
  });
});
