/**
 * The two walks of `alignBlock` over per-combination plans: `alignLayers` lines the combinations' layers up by key
 * and makes each position's tables; `assignLayouts` then walks each combination's widths through the aligned plan
 * to tabulate the channel layout entering and leaving every position.
 */
import type { PlanLayer, PlanPrimitive } from '@fbnas/core';
import { channelLayout, layoutRuns, prefixLayout } from './channel-layout';
import { TableMaker, tableAt, type ChoiceTable } from './choice-table';
import type { AlignedBlock, AlignedLayer, ComboPlan } from './masked-align';

/** Layer kinds that act on each channel alone. */
const CHANNELWISE = new Set(['batchNorm', 'activation', 'pool', 'globalAveragePool', 'flatten', 'squeezeExcite', 'residual']);

/** One layer of one combination's plan: its key (name or position), primitive and widths. */
export interface ComboLayer {
  key: string;
  layer: PlanLayer;
  primitive: PlanPrimitive;
  inWidth: number;
  outWidth: number;
  bodies: ComboList[];
}

/** One combination's layers, and the key → position index shared by every plan of the same structure. */
export interface ComboList {
  index: Map<string, number>;
  layers: ComboLayer[];
}

/**
 * Aligns per-combination layer lists (null: the parent is absent in that combination); `startWidths` are the
 * widths entering the list in each combination.
 */
export function alignLayers(lists: (ComboList | null)[], startWidths: number[], tables: TableMaker, where: string): AlignedLayer[] {
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
export function assignLayouts(block: AlignedBlock, plans: ComboPlan[], tables: TableMaker): void {
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

