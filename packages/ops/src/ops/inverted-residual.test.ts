import { countPlan, type BuiltinPlanLayer, type OpBlock } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { invertedResidualSpec, invertedResidualWidths, type InvertedResidualArgs } from './inverted-residual';

function block(inChannels: number, outChannels: number, stride: number, raw: Record<string, unknown>): OpBlock<InvertedResidualArgs> {
  return { inChannels, outChannels, stride, args: invertedResidualSpec.parseArgs(raw, { path: 'test' }) };
}

/** Layer names (and kinds for unnamed layers), flattening residual/SE bodies. */
function layerNames(layers: ReturnType<typeof invertedResidualSpec.plan>): string[] {
  return (layers as BuiltinPlanLayer[]).flatMap((layer): string[] => {
    if (layer.kind === 'residual') return ['residual(', ...layerNames(layer.body), ')'];
    if (layer.kind === 'squeezeExcite') return ['se(', ...layerNames(layer.body), ')'];
    if (layer.kind === 'activation') return [layer.activation];
    if (layer.kind === 'channelShuffle') return [`shuffle${layer.groups}`];
    return ['name' in layer ? String(layer.name) : layer.kind];
  });
}

describe('invertedResidualSpec', () => {
  it('parses defaults (k3, e6, relu, no SE, divisor 8, no bias)', () => {
    expect(invertedResidualSpec.parseArgs({}, { path: 'x' })).toEqual({
      kernel: 3,
      expansion: 6,
      activation: 'relu',
      se: 'none',
      pwGroups: 1,
      pwlGroups: 1,
      bias: false,
      widthDivisor: 8,
      alwaysPw: false,
      lessSeChannels: false,
      zeroLastBnGamma: false,
      dwPadding: null,
    });
  });

  it('FBNetV3: dwPadding overrides the dw padding only (floor((H + 2p − k)/s) + 1), and is part of the latency key', () => {
    const args = { kernel: 5, expansion: 5, activation: 'hswish', widthDivisor: 8, dwPadding: 1 };
    const v3 = block(40, 72, 2, args);
    const plan = invertedResidualSpec.plan(v3);
    expect(plan.find((layer) => (layer as { name?: string }).name === 'dw.conv')).toMatchObject({ kernel: 5, stride: 2, padding: 1 });
    expect(plan.filter((layer) => 'padding' in layer)).toHaveLength(1);
    // FBNetV3_A xif4_0 (addendum §V3-4, §V3-6.3): 28 → 13 (k//2 would give 14); 27400 weights, 9550600 MACs.
    expect(countPlan(plan, { height: 28, width: 28, channels: 40 })).toMatchObject({ weights: 27400, macs: 9550600 });
    const key = (extra: object) => invertedResidualSpec.latencyKey(block(40, 72, 2, { kernel: 5, expansion: 5, ...extra }), { height: 28, width: 28 });
    expect(key({ dwPadding: 1 })).toMatch(/^ir-in:28x28x40-out:13x13x72-.*-dwpad:1$/);
    expect(key({})).toMatch(/^ir-in:28x28x40-out:14x14x72-/);
    expect(key({})).not.toMatch(/dwpad/);
    expect(() => invertedResidualSpec.parseArgs({ dwPadding: -1 }, { path: 'x' })).toThrow('x.dwPadding: expected a non-negative integer or null, got -1');
  });

  it('FBNetV3: lessSeChannels divides the SE ratio by the expansion (se_mid = makeDivisible(⌊mid · 0.25/e⌋, 8))', () => {
    const seMid = (cin: number, e: number, less: boolean) => invertedResidualWidths(block(cin, cin, 1, { kernel: 5, expansion: e, se: 'hsigmoid', lessSeChannels: less })).seMid;
    // Addendum §V3-3 rows: mid 120 e 3 → t 10 → 16 (the 5 % guard); mid 1104 e 6 → 46 → 48; mid 520 e 5 → 26 → 32.
    expect([seMid(40, 3, true), seMid(184, 6, true), seMid(104, 5, true)]).toEqual([16, 48, 32]);
    expect([seMid(40, 3, false), seMid(184, 6, false)]).toEqual([32, 280]);
  });

  it('plans pw → dw → pwl without residual when the shape changes (fbnet_a xif2_0)', () => {
    const fbnet = block(16, 24, 2, { kernel: 3, expansion: 3, bias: true, widthDivisor: 1 });
    const plan = invertedResidualSpec.plan(fbnet);
    expect(layerNames(plan)).toEqual(['pw.conv', 'pw.bn', 'relu', 'dw.conv', 'dw.bn', 'relu', 'pwl.conv', 'pwl.bn']);
    expect(plan[3]).toEqual({ kind: 'conv', name: 'dw.conv', inChannels: 48, outChannels: 48, kernel: 3, stride: 2, groups: 48, bias: true });
    expect(countPlan(plan, { height: 112, width: 112, channels: 16 })).toMatchObject({ weights: 2352, macs: 14601216 });
  });

  it('omits pw when mid == in and adds the residual (fbnet_a xif2_1)', () => {
    const plan = invertedResidualSpec.plan(block(24, 24, 1, { expansion: 1, bias: true, widthDivisor: 1 }));
    expect(layerNames(plan)).toEqual(['residual(', 'dw.conv', 'dw.bn', 'relu', 'pwl.conv', 'pwl.bn', ')']);
    expect(countPlan(plan, { height: 56, width: 56, channels: 24 })).toMatchObject({ weights: 792, macs: 2483712 });
  });

  it('keeps pw with alwaysPw', () => {
    const plan = invertedResidualSpec.plan(block(24, 24, 1, { expansion: 1, alwaysPw: true }));
    expect(layerNames(plan).slice(0, 4)).toEqual(['residual(', 'pw.conv', 'pw.bn', 'relu']);
  });

  it('shuffles after the (absent) pw position and groups pwl for _g2 blocks (fbnet_a xif4_2)', () => {
    const plan = invertedResidualSpec.plan(block(64, 64, 1, { kernel: 5, expansion: 1, pwGroups: 2, pwlGroups: 2, bias: true, widthDivisor: 1 }));
    expect(layerNames(plan)).toEqual(['residual(', 'shuffle2', 'dw.conv', 'dw.bn', 'relu', 'pwl.conv', 'pwl.bn', ')']);
    expect(countPlan(plan, { height: 14, width: 14, channels: 64 })).toMatchObject({ weights: 3648, macs: 715008 });
  });

  it('plans SE on the mid tensor, named se.se.0.conv / se.se.1, width from mid (FBNetV2_F1 xif3_0)', () => {
    const se = block(24, 32, 2, { kernel: 5, expansion: 5.3501, se: 'hsigmoid' });
    expect(invertedResidualWidths(se)).toEqual({ mid: 128, seMid: 32, hasPw: true, residual: false });
    const plan = invertedResidualSpec.plan(se);
    expect(layerNames(plan)).toEqual([
      'pw.conv', 'pw.bn', 'relu', 'dw.conv', 'dw.bn', 'relu',
      'se(', 'globalAveragePool', 'se.se.0.conv', 'relu', 'se.se.1', 'hsigmoid', ')',
      'pwl.conv', 'pwl.bn',
    ]);
    expect(countPlan(plan, { height: 32, width: 32, channels: 24 })).toMatchObject({ weights: 18560, macs: 5054464, biases: 32 + 128 });
  });

  it('uses the block activation in SE and hswish everywhere for _sehsig_hs (FBNetV2_F1 xif4_4)', () => {
    const hs = block(80, 80, 1, { kernel: 5, expansion: 4.507, se: 'hsigmoid', activation: 'hswish' });
    expect(invertedResidualWidths(hs)).toMatchObject({ mid: 360, seMid: 88 });
    expect(layerNames(invertedResidualSpec.plan(hs)).filter((name) => ['relu', 'hswish'].includes(name))).toEqual(['hswish', 'hswish', 'hswish']);
    expect(countPlan(invertedResidualSpec.plan(hs), { height: 8, width: 8, channels: 80 })).toMatchObject({ weights: 129960, macs: 4348800 });
  });

  it('uses 0.25 / e for the SE ratio with lessSeChannels', () => {
    const less = block(32, 32, 1, { expansion: 4, se: 'sigmoid', lessSeChannels: true });
    expect(invertedResidualWidths(less)).toMatchObject({ mid: 128, seMid: 8 });
  });

  it('marks the pwl BN γ zero-initialised only in residual blocks with zeroLastBnGamma', () => {
    const residual = invertedResidualSpec.plan(block(32, 32, 1, { zeroLastBnGamma: true }));
    const first = residual[0] as BuiltinPlanLayer;
    const body = first.kind === 'residual' ? first.body : [];
    expect(body.at(-1)).toEqual({ kind: 'batchNorm', name: 'pwl.bn', channels: 32, zeroGamma: true });
    const plain = invertedResidualSpec.plan(block(32, 40, 1, { zeroLastBnGamma: true }));
    expect(plain.at(-1)).toEqual({ kind: 'batchNorm', name: 'pwl.bn', channels: 40 });
  });

  it('declares the twelve §5.1 IR aliases', () => {
    expect(invertedResidualSpec.aliases.map((alias) => alias.name).sort()).toEqual(
      [
        'ir_k3', 'ir_k3_g2', 'ir_k3_hs', 'ir_k3_se', 'ir_k3_sehsig', 'ir_k3_sehsig_hs',
        'ir_k5', 'ir_k5_g2', 'ir_k5_hs', 'ir_k5_se', 'ir_k5_sehsig', 'ir_k5_sehsig_hs',
      ],
    );
    expect(invertedResidualSpec.aliases.find((alias) => alias.name === 'ir_k5_sehsig_hs')!.args).toEqual({
      kernel: 5,
      activation: 'hswish',
      se: 'hsigmoid',
      pwGroups: 1,
    });
  });

  it('keys latency canonically', () => {
    const input = { height: 112, width: 112 };
    expect(invertedResidualSpec.latencyKey(block(16, 24, 2, { kernel: 3, expansion: 6 }), input)).toBe(
      'ir-in:112x112x16-out:56x56x24-k:3-e:6-s:2-se:none-act:relu',
    );
    expect(invertedResidualSpec.latencyKey(block(64, 64, 1, { kernel: 5, expansion: 1, pwGroups: 2, pwlGroups: 2, bias: true, widthDivisor: 1 }), { height: 14, width: 14 })).toBe(
      'ir-in:14x14x64-out:14x14x64-k:5-e:1-s:1-se:none-act:relu-pwg:2-pwlg:2-bias:1-d:1',
    );
  });
});
