/**
 * The registry of plan primitives: the built-in layer kinds, and those an op registry's specs bring
 * (`OpSpec.primitives`). Everything that walks plans (shape, cost, parameters, the tfjs builder, the masked
 * supernet) looks kinds up here, so an unknown kind is an error listing the known ones, never a silent skip.
 */
import { FormatError } from './format-error';
import type { LayerPlan, PlanLayer } from './layer-plan';
import type { OpSpecRegistry } from './op-spec-registry';
import type { PlanPrimitive } from './plan-primitive';
import { convPrimitive } from './primitives/conv';
import { batchNormPrimitive } from './primitives/batch-norm';
import {
  activationPrimitive, channelShufflePrimitive, dropoutPrimitive, flattenPrimitive, globalAveragePoolPrimitive,
} from './primitives/elementwise';
import { concatPrimitive, residualPrimitive, squeezeExcitePrimitive } from './primitives/nested';
import { poolPrimitive } from './primitives/pool';
import { createRegistry, type Registry } from './registry';

/** An immutable registry of plan primitives keyed by layer kind. */
export type PlanPrimitiveRegistry = Registry<PlanPrimitive>;

/** The built-in primitives, in documentation order. */
export const BUILTIN_PLAN_PRIMITIVES: readonly PlanPrimitive[] = Object.freeze([
  convPrimitive,
  batchNormPrimitive,
  activationPrimitive,
  channelShufflePrimitive,
  globalAveragePoolPrimitive,
  squeezeExcitePrimitive,
  residualPrimitive,
  flattenPrimitive,
  dropoutPrimitive,
  concatPrimitive,
  poolPrimitive,
] as PlanPrimitive[]);

const builtinRegistry: PlanPrimitiveRegistry = createRegistry(BUILTIN_PLAN_PRIMITIVES, 'plan primitive');

/**
 * The registry of the built-in primitives (`conv`, `batchNorm`, `activation`, `channelShuffle`,
 * `globalAveragePool`, `squeezeExcite`, `residual`, `flatten`, `dropout`, `concat`, `pool`).
 */
export function builtinPlanPrimitives(): PlanPrimitiveRegistry {
  return builtinRegistry;
}

const byOps = new WeakMap<OpSpecRegistry, PlanPrimitiveRegistry>();

/**
 * The primitives usable by an op registry's plans: the built-ins, then every primitive its specs declare in
 * `primitives` (in registry order). The same primitive object may be declared by several specs.
 *
 * @throws Error when two different primitives claim one kind (naming the ops).
 * @example
 * const primitives = planPrimitivesOf(createBuiltinOpSpecRegistry().extend([ghostSpec]));
 * primitives.has('concat'); // true
 */
export function planPrimitivesOf(ops: OpSpecRegistry): PlanPrimitiveRegistry {
  const cached = byOps.get(ops);
  if (cached) return cached;
  const owners = new Map<string, { primitive: PlanPrimitive; owner: string }>();
  for (const primitive of BUILTIN_PLAN_PRIMITIVES) owners.set(primitive.name, { primitive, owner: 'the built-ins' });
  const added: PlanPrimitive[] = [];
  for (const spec of ops.list()) {
    for (const primitive of spec.primitives ?? []) {
      const taken = owners.get(primitive.name);
      if (taken === undefined) {
        owners.set(primitive.name, { primitive, owner: `op '${spec.name}'` });
        added.push(primitive);
      } else if (taken.primitive !== primitive) {
        throw new Error(
          `op registry: op '${spec.name}' declares plan primitive '${primitive.name}', which ${taken.owner} already define differently`,
        );
      }
    }
  }
  const registry = added.length === 0 ? builtinRegistry : builtinRegistry.extend(added);
  byOps.set(ops, registry);
  return registry;
}

/**
 * The primitive interpreting `layer`.
 *
 * @param path - where the layer is, for the error.
 * @throws FormatError listing the known kinds when none interprets it.
 */
export function primitiveFor(layer: PlanLayer, primitives: PlanPrimitiveRegistry, path: string): PlanPrimitive {
  const kind = (layer as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !primitives.has(kind)) {
    throw new FormatError(
      path,
      `unknown layer kind ${typeof kind === 'string' ? `'${kind}'` : String(kind)}; known kinds: ${primitives.names().join(', ')} ` +
        '(an op using another kind declares its primitive in `primitives`)',
    );
  }
  return primitives.get(kind);
}

/**
 * Visits every layer of a plan depth-first (a layer before its bodies), with its path (`layers[2].body[0]`).
 *
 * @throws FormatError for an unknown kind.
 */
export function walkPlan(
  plan: LayerPlan,
  primitives: PlanPrimitiveRegistry,
  visit: (layer: PlanLayer, path: string) => void,
  path = 'layers',
): void {
  plan.forEach((layer, index) => {
    const layerPath = `${path}[${index}]`;
    const primitive = primitiveFor(layer, primitives, layerPath);
    visit(layer, layerPath);
    const bodies = primitive.bodies?.(layer) ?? [];
    bodies.forEach((body, b) => walkPlan(body, primitives, visit, bodies.length === 1 ? `${layerPath}.body` : `${layerPath}.branches[${b}]`));
  });
}
