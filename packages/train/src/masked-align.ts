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
import { channelLayout, layoutRuns, prefixLayout } from './channel-layout';
import { TableMaker, tableAt, type BlockVariable, type ChoiceTable, type Combo } from './choice-table';

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

/** Layer kinds that act on each channel alone. */
const CHANNELWISE = new Set(['batchNorm', 'activation', 'pool', 'globalAveragePool', 'flatten', 'squeezeExcite', 'residual']);

interface ComboLayer {
  key: string;
  layer: PlanLayer;
  primitive: PlanPrimitive;
  inWidth: number;
  outWidth: number;
  bodies: ComboList[];
}

/** One combination's layers, and the key → position index shared by every plan of the same structure. */
interface ComboList {
  index: Map<string, number>;
  layers: ComboLayer[];
}

interface ComboPlan {
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

/**
 * Aligns per-combination layer lists (null: the parent is absent in that combination); `startWidths` are the
 * widths entering the list in each combination.
 */
function alignLayers(lists: (ComboList | null)[], startWidths: number[], tables: TableMaker, where: string): AlignedLayer[] {
  const order: string[] = [];
  const structures = new Set<Map<string, number>>();
  for (const list of lists) {
    if (list === null || structures.has(list.index)) continue;
    structures.add(list.index);
    let position = 0;
    for (const layer of list.layers) {
      const found = order.indexOf(layer.key);
      if (found < 0) {
        order.splice(position, 0, layer.key);
        position += 1;
      } else {
        position = found + 1;
      }
    }
  }
  // Widths before each position, per combination: absent layers pass the width through.
  const running = [...startWidths];
  // Structures (shared key indexes) by id, so each key is looked up once per structure, not per combination.
  const structureIds = new Map<Map<string, number>, number>();
  const ids = lists.map((list) => {
    if (list === null) return -1;
    let id = structureIds.get(list.index);
    if (id === undefined) {
      id = structureIds.size;
      structureIds.set(list.index, id);
    }
    return id;
  });
  const indexes = [...structureIds.keys()];
  return order.map((key) => {
    const positions = indexes.map((index) => index.get(key) ?? -1);
    const entries = lists.map((list, c) => {
      const at = ids[c]! < 0 ? -1 : positions[ids[c]!]!;
      return at < 0 ? null : list!.layers[at]!;
    });
    const present = entries.find((e) => e !== null)!;
    const here = `${where}: layer '${key}'`;
    for (const entry of entries) {
      if (entry !== null && entry.layer.kind !== present.layer.kind) {
        throw new Error(`${here}: its kind changes with the choices ('${present.layer.kind}', '${entry.layer.kind}')`);
      }
    }
    const inWidths = entries.map((entry, c) => entry?.inWidth ?? running[c]!);
    const outWidths = entries.map((entry, c) => entry?.outWidth ?? running[c]!);
    outWidths.forEach((w, c) => {
      running[c] = w;
    });
    const fieldNames = new Set<string>();
    const seen = new Set<Map<string, number>>();
    lists.forEach((list, c) => {
      if (entries[c] !== null && !seen.has(list!.index)) {
        seen.add(list!.index);
        for (const field of Object.keys(entries[c]!.layer)) fieldNames.add(field);
      }
    });
    const fields: Record<string, ChoiceTable<number>> = {};
    const widest: Record<string, unknown> = { ...present.layer };
    for (const field of fieldNames) {
      // One pass without allocations: most fields are the same in every combination.
      let first: unknown;
      let varies = false;
      let numeric = true;
      let max = -Infinity;
      for (const entry of entries) {
        if (entry === null) continue;
        const v = (entry.layer as unknown as Record<string, unknown>)[field];
        if (v === undefined) continue;
        if (first === undefined) first = v;
        else if (v !== first) varies = true;
        if (typeof v === 'number') max = Math.max(max, v);
        else numeric = false;
      }
      if (!varies) continue;
      if (numeric) {
        const filled = entries.map((e, c) => {
          const v = e === null ? undefined : (e.layer as unknown as Record<string, number | undefined>)[field];
          return v === undefined ? inWidths[c]! : v;
        });
        fields[field] = tables.make(`layer '${key}' field '${field}'`, filled);
        widest[field] = max;
      } else if (!Array.isArray(first)) {
        const same = (v: unknown) => v === undefined || v === first || (typeof v === 'object' && JSON.stringify(v) === JSON.stringify(first));
        const other = entries.map((e) => (e === null ? undefined : (e.layer as unknown as Record<string, unknown>)[field])).find((v) => !same(v));
        if (other !== undefined) throw new Error(`${here}: field '${field}' changes with the choices (${JSON.stringify(first)}, ${JSON.stringify(other)})`);
      }
    }
    const bodyCount = Math.max(...entries.map((e) => e?.bodies.length ?? 0));
    const bodies = Array.from({ length: bodyCount }, (_, b) => alignLayers(entries.map((e) => e?.bodies[b] ?? null), inWidths, tables, `${here}.body${b}`));
    const isDepthwise = present.layer.kind === 'conv'
      && entries.every((e) => e === null || ((e.layer as unknown as { groups: number }).groups === e.inWidth && e.inWidth === e.outWidth));
    const channelwise = CHANNELWISE.has(present.layer.kind) || (isDepthwise && (present.layer as unknown as { bias: boolean }).bias === false);
    const widestIn = Math.max(...inWidths);
    const widestOut = present.layer.kind === 'concat'
      ? bodies.reduce((sum, body) => sum + (body.at(-1)?.widestOut ?? widestIn), 0)
      : channelwise || isDepthwise ? widestIn : Math.max(...outWidths);
    // Width fields: the per-combination input width → the widest input, output width → the widest output.
    for (const field of Object.keys(fields)) {
      const values = entries.map((e) => (e === null ? undefined : (e.layer as unknown as Record<string, number>)[field]));
      if (values.every((v, c) => v === undefined || v === inWidths[c])) widest[field] = widestIn;
      else if (values.every((v, c) => v === undefined || v === outWidths[c])) widest[field] = widestOut;
    }
    if (bodies.length > 0) {
      const original = present.primitive.bodies!(present.layer);
      const rebuilt = bodies.map((body) => body.map((layer) => layer.widest));
      for (const [name, value] of Object.entries(present.layer)) {
        if (Array.isArray(value) && value === original[0]) widest[name] = rebuilt[0];
        else if (Array.isArray(value) && value === original) widest[name] = rebuilt;
      }
    }
    const absent = entries.some((e) => e === null);
    return {
      key,
      kind: present.layer.kind,
      primitive: present.primitive,
      widest: widest as unknown as PlanLayer,
      fields,
      presence: absent ? tables.make(`presence of layer '${key}'`, entries.map((e) => (e === null ? 0 : 1))) : null,
      inWidth: tables.make(`input width of layer '${key}'`, inWidths),
      outWidth: tables.make(`output width of layer '${key}'`, outWidths),
      widestIn,
      widestOut,
      inLayout: { deps: [], sizes: [], values: [''] },
      outLayout: { deps: [], sizes: [], values: [''] },
      channelwise,
      bodies,
      inSides: [],
      outSides: [],
    };
  });
}

/** Fills every position's input/output layout table, walking each combination's widths through the aligned plan. */
function assignLayouts(block: AlignedBlock, plans: ComboPlan[], tables: TableMaker): void {
  const walk = (layers: AlignedLayer[], layoutsIn: string[], presentIn: boolean[]): string[] => {
    let current = layoutsIn;
    for (const layer of layers) {
      const inputs = current;
      const present = presentIn.map((p, c) => p && (layer.presence === null || tableAt(layer.presence, tables.combos[c]!) === 1));
      const width = (t: ChoiceTable<number>, c: number) => tableAt(t, tables.combos[c]!);
      let bodyOutputs: string[][] = [];
      if (layer.bodies.length > 0) bodyOutputs = layer.bodies.map((body) => walk(body, inputs, present));
      const outputs = inputs.map((layout, c) => {
        if (!present[c]) return layout;
        if (layer.kind === 'concat') {
          let offset = 0;
          const runs: [number, number][] = [];
          layer.bodies.forEach((body, b) => {
            for (const [a, e] of layoutRuns(bodyOutputs[b]![c]!)) runs.push([a + offset, e + offset]);
            offset += body.at(-1)?.widestOut ?? layer.widestIn;
          });
          return channelLayout(runs);
        }
        if (layer.channelwise) return layout;
        return prefixLayout(width(layer.outWidth, c));
      });
      layer.inLayout = tables.make(`input channels of layer '${layer.key}'`, inputs);
      layer.outLayout = tables.make(`output channels of layer '${layer.key}'`, outputs);
      current = outputs;
    }
    return current;
  };
  const inputs = plans.map((p) => prefixLayout(p.inWidth));
  const outputs = walk(block.layers, inputs, plans.map(() => true));
  block.outLayout = tables.make('output channels', outputs);
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
