/**
 * Symbolic widths for the masked (FBNetV2) supernet, from ordinary op plans. A masked block has up to three
 * searched variables: its expansion, its input width (the previous layer's channels) and its output width. The op
 * is planned at the combinations of their options (any op: its spec returns plain numeric plans), and the plans
 * are aligned layer by layer (named layers by name, unnamed ones by the named layer before them). Every quantity of
 * the aligned plan — a layer's presence, a numeric field, the tensor width and channel layout around each layer,
 * the block's residual — becomes a `ChoiceTable`: its values over the options of the variables it depends on.
 * The widest layer of every position is what the supernet builds; masks and the effective-shape cost read the
 * tables. A quantity may depend jointly on any two of the three variables (e.g. the hidden width on expansion and
 * input width, the residual on input and output width); a joint dependence on expansion and output width is
 * refused, and random full combinations check that the two-variable tables predict the op's real plans.
 */
import {
  layerOutputShape, primitiveFor, type FeatureShape, type LayerPlan, type PlanLayer, type PlanPrimitive, type PlanPrimitiveRegistry,
} from '@fbnas/core';
import { TableMaker, tableAt, type BlockVariable, type ChoiceTable, type Combo } from './choice-table';
import { alignLayers, assignLayouts, type ComboLayer, type ComboList } from './masked-align-layers';

/** One position of an aligned plan. */
export interface AlignedLayer {
  /** Alignment key: the layer's name, or `${previous name}>${kind}#${n}` for unnamed layers. */
  key: string;
  kind: string;
  primitive: PlanPrimitive;
  /** The layer at its widest (what the supernet builds): width fields at their largest values. */
  widest: PlanLayer;
  /** Numeric fields whose value depends on the choices (absent combinations: the tensor width there). */
  fields: Record<string, ChoiceTable<number>>;
  /** 1 where the layer exists, 0 where the op's plan lacks it (it is then the identity); null: always there. */
  presence: ChoiceTable<number> | null;
  /** Channels in and out (absent: the width passes through). */
  inWidth: ChoiceTable<number>;
  outWidth: ChoiceTable<number>;
  /** Widest channels in and out (the built layer's). */
  widestIn: number;
  widestOut: number;
  /** Which channels of the widest input/output tensor are live, as `a-b,c-d` runs (`channelLayout`). */
  inLayout: ChoiceTable<string>;
  outLayout: ChoiceTable<string>;
  /** Whether the layer acts on each channel alone (zeros stay zeros, live channels depend on live ones only). */
  channelwise: boolean;
  /** Aligned bodies (residual, squeeze-excite, concat branches). */
  bodies: AlignedLayer[][];
  /** Input and output side (pixels) at each of the space's resolutions (set by `planMaskedSpace`). */
  inSides: number[];
  outSides: number[];
}

/** A block's op planned over its variables and aligned. */
export interface AlignedBlock {
  /** Option counts per variable (1 for a fixed variable). */
  sizes: Record<BlockVariable, number>;
  layers: AlignedLayer[];
  /** 1 where the op's plan is a top-level residual (adds the block input); null: never. */
  residual: ChoiceTable<number> | null;
  inWidth: ChoiceTable<number>;
  outWidth: ChoiceTable<number>;
  widestIn: number;
  widestOut: number;
  outLayout: ChoiceTable<string>;
}

/** What `alignBlock` needs: the plan at a combination, and where errors are reported. */
export interface AlignBlockOptions {
  sizes: Record<BlockVariable, number>;
  /** The op's plan and input width at a combination. */
  planAt(combo: Combo): { plan: LayerPlan; inChannels: number };
  /** Input side (pixels) to check plans at. */
  side: number;
  primitives: PlanPrimitiveRegistry;
  /** Error prefix, e.g. `fbnetv2: layer s1_0: candidate 'k3'`. */
  where: string;
  /** Full combinations to check the tables against (default 6). */
  probes?: number;
}

/** One combination's plan: its residual, its widths in and out, its layers. */
export interface ComboPlan {
  residual: number;
  inWidth: number;
  outWidth: number;
  layers: ComboList;
}

/**
 * Plans an op over its variables' combinations and aligns the plans (see the module doc).
 *
 * @throws Error prefixed with `options.where` when the plans cannot be aligned (a layer's kind or a non-numeric
 *   field changes with the choices), a quantity depends jointly on expansion and output width, or a check
 *   combination disagrees with the tables.
 */
export function alignBlock(options: AlignBlockOptions): AlignedBlock {
  const { sizes, where } = options;
  const cache = new Map<string, ComboPlan>();
  const skeletons = new Map<string, ComboList>();
  const comboPlan = (combo: Combo): ComboPlan => {
    const id = `${combo.expansion},${combo.input},${combo.output}`;
    let planned = cache.get(id);
    if (!planned) {
      const { plan, inChannels } = options.planAt(combo);
      const unwrapped = plan.length === 1 && plan[0]!.kind === 'residual';
      const layers = describeFast(unwrapped ? (plan[0] as { body: LayerPlan }).body : plan, inChannels, options, skeletons);
      planned = { residual: unwrapped ? 1 : 0, inWidth: inChannels, outWidth: layers.layers.at(-1)?.outWidth ?? inChannels, layers };
      cache.set(id, planned);
    }
    return planned;
  };
  // The two-variable grids: (expansion, input) at the first output, (input, output) at the first expansion.
  const combos: Combo[] = [];
  for (let e = 0; e < sizes.expansion; e++) for (let i = 0; i < sizes.input; i++) combos.push({ expansion: e, input: i, output: 0 });
  for (let i = 0; i < sizes.input; i++) for (let o = 1; o < sizes.output; o++) combos.push({ expansion: 0, input: i, output: o });
  const plans = combos.map(comboPlan);
  const tables = new TableMaker(sizes, combos, where);
  const layers = alignLayers(plans.map((p) => p.layers), plans.map((p) => p.inWidth), tables, where);
  const block: AlignedBlock = {
    sizes,
    layers,
    residual: plans.some((p) => p.residual === 1) ? tables.make('residual', plans.map((p) => p.residual)) : null,
    inWidth: tables.make('input width', plans.map((p) => p.inWidth)),
    outWidth: tables.make('output width', plans.map((p) => p.outWidth)),
    widestIn: Math.max(...plans.map((p) => p.inWidth)),
    widestOut: layers.at(-1)?.widestOut ?? Math.max(...plans.map((p) => p.inWidth)),
    outLayout: { deps: [], sizes: [], values: [''] },
  };
  assignLayouts(block, plans, tables);
  checkProbes(block, options, comboPlan);
  return block;
}

/** A cheap structural signature of a plan: kinds and names, bodies included. */
function signature(plan: LayerPlan, primitives: PlanPrimitiveRegistry): string {
  let text = '';
  for (const layer of plan) {
    text += `${layer.kind}:${(layer as { name?: string }).name ?? ''};`;
    if (primitives.has(layer.kind)) {
      const bodies = primitives.get(layer.kind).bodies?.(layer);
      if (bodies) for (const body of bodies) text += `[${signature(body, primitives)}]`;
    }
  }
  return text;
}

/**
 * Describes a combination's plan: the first plan of each structure is checked layer by layer (shapes, kinds);
 * later plans of the same structure reuse its keys and read their widths from the layers' fields.
 */
function describeFast(plan: LayerPlan, inChannels: number, options: AlignBlockOptions, skeletons: Map<string, ComboList>): ComboList {
  const key = signature(plan, options.primitives);
  const skeleton = skeletons.get(key);
  if (skeleton === undefined) {
    const described = describe(plan, inChannels, options, 'layers');
    skeletons.set(key, described);
    return described;
  }
  return lockstep(plan, skeleton, inChannels);
}

function lockstep(plan: LayerPlan, skeleton: ComboList, inChannels: number): ComboList {
  let width = inChannels;
  const layers = plan.map((layer, i) => {
    const model = skeleton.layers[i]!;
    const inWidth = width;
    const bodyPlans = model.bodies.length > 0 ? model.primitive.bodies!(layer) : [];
    const bodies = model.bodies.map((body, b) => lockstep(bodyPlans[b]!, body, inWidth));
    let outWidth: number;
    switch (layer.kind) {
      case 'conv':
        outWidth = (layer as unknown as { outChannels: number }).outChannels;
        break;
      case 'concat':
        outWidth = bodies.reduce((sum, body) => sum + (body.layers.at(-1)?.outWidth ?? inWidth), 0);
        break;
      case 'batchNorm': case 'activation': case 'pool': case 'channelShuffle': case 'globalAveragePool': case 'flatten':
      case 'squeezeExcite': case 'residual':
        outWidth = inWidth;
        break;
      default:
        outWidth = model.primitive.outputShape(layer, { height: 1 << 12, width: 1 << 12, channels: inWidth }, {
          where: model.key, propagate: (_body, input) => input,
        }).channels;
    }
    width = outWidth;
    return { key: model.key, layer, primitive: model.primitive, inWidth, outWidth, bodies };
  });
  return { index: skeleton.index, layers };
}

/** Flattens one combination's plan with keys, widths and bodies, checking it layer by layer. */
function describe(plan: LayerPlan, inChannels: number, options: AlignBlockOptions, path: string): ComboList {
  const counts = new Map<string, number>();
  let previousName = '^';
  let shape: FeatureShape = { height: options.side, width: options.side, channels: inChannels };
  const layers = plan.map((layer, index) => {
    const layerPath = `${path}[${index}]`;
    const primitive = primitiveFor(layer, options.primitives, `${options.where}: ${layerPath}`);
    const name = (layer as { name?: unknown }).name;
    let key: string;
    if (typeof name === 'string') {
      key = name;
      previousName = name;
    } else {
      const base = `${previousName}>${layer.kind}`;
      const n = counts.get(base) ?? 0;
      counts.set(base, n + 1);
      key = `${base}#${n}`;
    }
    const output = layerOutputShape(layer, shape, layerPath, options.primitives);
    const bodies = (primitive.bodies?.(layer) ?? []).map((body, b) => describe(body, shape.channels, options, `${layerPath}.body${b}`));
    const described: ComboLayer = { key, layer, primitive, inWidth: shape.channels, outWidth: output.channels, bodies };
    shape = output;
    return described;
  });
  return { index: new Map(layers.map((layer, i) => [layer.key, i])), layers };
}

/** Plans random full combinations and checks that the tables predict their widths, presence and residual. */
function checkProbes(block: AlignedBlock, options: AlignBlockOptions, comboPlan: (combo: Combo) => ComboPlan): void {
  const { sizes } = options;
  if (sizes.expansion === 1 || sizes.output === 1) return; // every combination was planned
  let state = 0x9e3779b9;
  const next = (n: number) => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state % n;
  };
  for (let probe = 0; probe < (options.probes ?? 6); probe++) {
    const combo: Combo = { expansion: 1 + next(sizes.expansion - 1), input: next(sizes.input), output: 1 + next(sizes.output - 1) };
    const planned = comboPlan(combo);
    const residual = block.residual === null ? 0 : tableAt(block.residual, combo);
    const expected = tableAt(block.outWidth, combo);
    const check = (layers: AlignedLayer[], actual: ComboList | undefined) => {
      for (const layer of layers) {
        const at = actual?.index.get(layer.key);
        const found = at === undefined ? undefined : actual!.layers[at];
        const present = layer.presence === null || tableAt(layer.presence, combo) === 1;
        if ((found !== undefined) !== present || (found && (found.outWidth !== tableAt(layer.outWidth, combo) || found.inWidth !== tableAt(layer.inWidth, combo)))) {
          throw new Error(
            `${options.where}: layer '${layer.key}' at expansion option ${combo.expansion}, input option ${combo.input}, output option ` +
              `${combo.output} differs from what the other combinations predict (its widths depend on all three choices at once)`,
          );
        }
        if (found) layer.bodies.forEach((body, b) => check(body, found.bodies[b]));
      }
    };
    if (planned.residual !== residual || planned.outWidth !== expected) {
      throw new Error(`${options.where}: the block's residual or output width depends on all three choices at once`);
    }
    check(block.layers, planned.layers);
  }
}
