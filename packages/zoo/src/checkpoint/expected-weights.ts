import type { LayerPlan, PlanLayer } from '@fbnas/core';

/** One parameter tensor a built model expects, with its tfjs name, shape and reference checkpoint key. */
export interface ExpectedWeight {
  /** tfjs weight name: `${path}.${layer}/kernel`, `/bias`, `/gamma`, `/beta`, `/moving_mean`, `/moving_variance`. */
  tfjsName: string;
  /** Reference (PyTorch) state-dict key: `${path}.${layer}.weight`, `.bias`, `.running_mean`, `.running_var`. */
  referenceKey: string;
  /** Shape in tfjs layout (HWIO kernels). */
  shape: number[];
  /** How to convert the reference tensor: `oihw` → HWIO transpose; `depthwise` (C,1,kh,kw) → (kh,kw,C,1); `vector` as is. */
  layout: 'oihw' | 'depthwise' | 'vector';
}

/**
 * Lists, in model order, every parameter tensor of the planned blocks with its reference checkpoint key
 * (spec §9.7: `backbone.stages.xif{i}_{j}.pw.conv.weight`, `head.conv.bias`, …) and tfjs shape.
 */
export function expectedWeights(blocks: readonly { path: string; plan: LayerPlan }[]): ExpectedWeight[] {
  const result: ExpectedWeight[] = [];
  const visit = (path: string, layer: PlanLayer) => {
    if (layer.kind === 'conv') {
      const base = `${path}.${layer.name}`;
      const depthwise = layer.groups > 1 && layer.groups === layer.inChannels;
      const kernelShape = depthwise
        ? [layer.kernel, layer.kernel, layer.inChannels, layer.outChannels / layer.inChannels]
        : [layer.kernel, layer.kernel, layer.inChannels / layer.groups, layer.outChannels];
      result.push({ tfjsName: `${base}/kernel`, referenceKey: `${base}.weight`, shape: kernelShape, layout: depthwise ? 'depthwise' : 'oihw' });
      if (layer.bias) result.push({ tfjsName: `${base}/bias`, referenceKey: `${base}.bias`, shape: [layer.outChannels], layout: 'vector' });
    } else if (layer.kind === 'batchNorm') {
      const base = `${path}.${layer.name}`;
      const vector = (tfjs: string, reference: string): ExpectedWeight => ({
        tfjsName: `${base}/${tfjs}`, referenceKey: `${base}.${reference}`, shape: [layer.channels], layout: 'vector',
      });
      result.push(vector('gamma', 'weight'), vector('beta', 'bias'), vector('moving_mean', 'running_mean'), vector('moving_variance', 'running_var'));
    } else if (layer.kind === 'squeezeExcite' || layer.kind === 'residual') {
      for (const inner of layer.body) visit(path, inner);
    }
  };
  for (const block of blocks) for (const layer of block.plan) visit(block.path, layer);
  return result;
}

/** The tfjs shape of a reference tensor after layout conversion, and the reference shape expected for it. */
export function referenceShape(weight: ExpectedWeight): number[] {
  const [kh, kw, a, b] = weight.shape as [number, number, number, number];
  if (weight.layout === 'oihw') return [b, a, kh, kw];
  if (weight.layout === 'depthwise') return [a * b, 1, kh, kw];
  return weight.shape;
}
