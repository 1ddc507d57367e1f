/**
 * The op conformance checks: what every op spec (built-in or contributed) must satisfy, as plain functions that
 * throw, so that any test runner (or none) can run them. `@fbnas/ops`' own test runs them over the built-ins.
 */
import {
  assertJsonValue,
  canonicalJson,
  convOutputSize,
  countPlan,
  createOpSpecRegistry,
  formatFeatureShape,
  planOutputShape,
  planPrimitivesOf,
  resolveOpName,
  type FeatureShape,
  type JsonObject,
  type LayerPlan,
  type OpAlias,
  type OpBlock,
  type OpSpec,
  type OpSpecRegistry,
  type PlanPrimitiveRegistry,
  type SpatialSize,
} from '@fbnas/core';
import type { ConformanceCheck } from './conformance-check';
import { planLayerNames } from './plan-layer-names';

/** A sample block's widths and stride (its arguments come from the op's parser). */
export interface ConformanceBlock {
  /** Input channels. */
  inChannels: number;
  /** Output channels. */
  outChannels: number;
  /** Spatial stride (pixels). */
  stride: number;
}

/** Options of `opConformanceChecks`. */
export interface OpConformanceOptions {
  /**
   * Sample blocks to plan (default: 32→32 stride 1, 16→24 stride 1, 24→40 stride 2). Give only the shapes your op
   * supports (e.g. stride 1 only for an op that pools).
   */
  blocks?: readonly ConformanceBlock[];
  /** Raw block arguments the samples are parsed with, below each alias's fixed ones (default `{}`: the defaults). */
  args?: JsonObject;
  /** The sample input size (pixels; default 16×16). The latency-key check also uses twice this size. */
  input?: SpatialSize;
  /**
   * Layer names the plans may use (relative to the block path), e.g. the reference checkpoint module names.
   * Omitted: any name (names must still be unique within a plan).
   */
  layerNames?: Iterable<string>;
  /** True when the op's output is pooled to 1×1 (a head); otherwise the output is `ceil(H/stride)` square. */
  pools?: boolean;
  /**
   * The op registry the spec is used with: checks that the spec and each alias resolve there, and supplies the plan
   * primitives (default: a registry of this spec alone, i.e. the built-in kinds plus `spec.primitives`).
   */
  registry?: OpSpecRegistry;
}

/** The default sample blocks: shape-keeping, widening, strided. */
export const DEFAULT_CONFORMANCE_BLOCKS: readonly ConformanceBlock[] = Object.freeze([
  Object.freeze({ inChannels: 32, outChannels: 32, stride: 1 }),
  Object.freeze({ inChannels: 16, outChannels: 24, stride: 1 }),
  Object.freeze({ inChannels: 24, outChannels: 40, stride: 2 }),
]);

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;
const KEY_FIELD = '[a-z][a-z0-9]*:[A-Za-z0-9_.]+';
const UNKNOWN_ARGUMENT = 'unknownConformanceArgument';

/**
 * The conformance checks of one op spec and all its names (canonical and aliases): snake_case names, a
 * description, camelCase argument names matching what `parseArgs` returns, arguments surviving a JSON round trip,
 * unknown arguments rejected with a `FormatError` at their path, and for every sample block: a plan that is pure
 * JSON data, an output shape of the block's `outChannels` at the expected size (stride, or 1×1 for `pools`),
 * unique (and, with `layerNames`, allowed) layer names, non-negative safe-integer costs (`countPlan`), and a
 * canonical, input-size-dependent latency key `${name}-in:HxWxC-out:HxWxC(-field:value)*`.
 *
 * Building the list never throws and runs nothing; each check's `run()` throws a descriptive Error on failure.
 *
 * @example
 * // vitest
 * it.each(opConformanceChecks(mySpec, { layerNames: ['conv', 'bn'] }))('$name', (check) => check.run());
 */
export function opConformanceChecks(spec: OpSpec, options: OpConformanceOptions = {}): ConformanceCheck[] {
  const name = String(spec.name);
  const checks: ConformanceCheck[] = [
    check(`${name}: has a snake_case name and snake_case, distinct alias names`, () => checkNames(spec)),
    check(`${name}: has a one-line description`, () => {
      if (typeof spec.description !== 'string' || spec.description.trim() === '' || /[\r\n]/.test(spec.description)) {
        throw new Error(`expected description to be one non-empty line, got ${JSON.stringify(spec.description)}`);
      }
    }),
    check(`${name}: declares unique camelCase argument names`, () => {
      if (!Array.isArray(spec.argNames)) throw new Error(`expected argNames to be an array of strings, got ${JSON.stringify(spec.argNames)}`);
      const seen = new Set<string>();
      spec.argNames.forEach((argName, index) => {
        if (typeof argName !== 'string' || !CAMEL_CASE.test(argName)) {
          throw new Error(`argNames[${index}]: expected a camelCase name, got ${JSON.stringify(argName)}`);
        }
        if (seen.has(argName)) throw new Error(`argNames[${index}]: duplicate argument name '${argName}'`);
        seen.add(argName);
      });
    }),
  ];
  if (options.registry !== undefined) {
    const registry = options.registry;
    checks.push(check(`${name}: is registered with every alias`, () => checkRegistered(spec, registry)));
  }
  const aliases: readonly Partial<OpAlias>[] = Array.isArray(spec.aliases) ? spec.aliases : [];
  const variants = [
    { name, fixedArgs: {} as JsonObject },
    ...aliases.map((alias) => ({ name: String(alias?.name), fixedArgs: alias?.args ?? {} })),
  ];
  const allowed = options.layerNames === undefined ? undefined : new Set(options.layerNames);
  for (const variant of variants) checks.push(...variantChecks(spec, variant.name, variant.fixedArgs, options, allowed));
  return checks;
}

function variantChecks(
  spec: OpSpec,
  name: string,
  fixedArgs: JsonObject,
  options: OpConformanceOptions,
  allowed: ReadonlySet<string> | undefined,
): ConformanceCheck[] {
  const raw = (): Record<string, unknown> => ({ ...options.args, ...fixedArgs });
  const parse = (): object => spec.parseArgs(raw(), { path: 'args' });
  const input = options.input ?? { height: 16, width: 16 };
  let primitives: PlanPrimitiveRegistry | undefined;
  const primitivesOf = (): PlanPrimitiveRegistry =>
    (primitives ??= planPrimitivesOf(options.registry ?? createOpSpecRegistry([spec])));

  const checks: ConformanceCheck[] = [
    check(`${name}: parses its arguments into exactly argNames, keeping the fixed ones`, () => {
      const args = parse() as Record<string, unknown>;
      const got = Object.keys(args).sort();
      const expected = [...spec.argNames].sort();
      if (got.join() !== expected.join()) {
        throw new Error(`expected parseArgs to return the keys of argNames [${expected.join(', ')}], got [${got.join(', ')}]`);
      }
      for (const [key, value] of Object.entries(fixedArgs)) {
        if (canonicalJson(args[key]) !== canonicalJson(value)) {
          throw new Error(`args.${key}: expected the alias's fixed value ${JSON.stringify(value)}, got ${JSON.stringify(args[key])}`);
        }
      }
    }),
    check(`${name}: parses arguments that survive a JSON round trip`, () => {
      const args = parse();
      assertJsonValue(args, 'args');
      const again = spec.parseArgs(JSON.parse(JSON.stringify(args)) as Record<string, unknown>, { path: 'args' });
      if (canonicalJson(again) !== canonicalJson(args)) {
        throw new Error(`expected parsing the JSON of ${canonicalJson(args)} to give it back, got ${canonicalJson(again)}`);
      }
    }),
    check(`${name}: rejects an unknown argument with a FormatError at its path`, () => {
      const withUnknown = { ...raw(), [UNKNOWN_ARGUMENT]: 1 };
      expectFormatError(() => spec.parseArgs(withUnknown, { path: 'stages[0][0]' }), `stages[0][0].${UNKNOWN_ARGUMENT}`);
      expectFormatError(
        () => spec.parseArgs(withUnknown, { path: 'stages[0][0]', keyPath: (key) => `stages[0][0][4].${key}` }),
        `stages[0][0][4].${UNKNOWN_ARGUMENT}`,
      );
    }),
  ];

  for (const sample of options.blocks ?? DEFAULT_CONFORMANCE_BLOCKS) {
    const where = `${name}: block ${sample.inChannels}→${sample.outChannels} stride ${sample.stride}`;
    const block = (): OpBlock => ({ ...sample, args: Object.freeze(parse()) });
    const inShape: FeatureShape = { ...input, channels: sample.inChannels };
    const side = (size: number): number => (options.pools ? 1 : convOutputSize(size, 1, sample.stride));
    const outShape: FeatureShape = { height: side(input.height), width: side(input.width), channels: sample.outChannels };
    const plan = (): LayerPlan => {
      const layers = spec.plan(block());
      if (!Array.isArray(layers)) throw new Error(`expected plan() to return an array of layers, got ${JSON.stringify(layers)}`);
      return layers;
    };

    checks.push(
      check(`${where}: plans pure, deterministic JSON data`, () => {
        const layers = plan();
        assertJsonValue(layers, 'layers');
        const first = JSON.stringify(layers);
        const second = JSON.stringify(plan());
        if (first !== second) throw new Error(`expected plan() to return the same layers for the same block, got ${first} then ${second}`);
      }),
      check(`${where}: plans the block's output shape`, () => {
        const got = planOutputShape(plan(), inShape, primitivesOf());
        if (formatFeatureShape(got) !== formatFeatureShape(outShape)) {
          throw new Error(
            `expected the plan to map ${formatFeatureShape(inShape)} to ${formatFeatureShape(outShape)} (the block's ` +
              `outChannels, ${options.pools ? 'pooled to 1×1' : `at stride ${sample.stride}`}), got ${formatFeatureShape(got)}`,
          );
        }
      }),
      check(`${where}: names its layers uniquely${allowed ? ' from the allowed names' : ''}`, () => {
        const seen = new Map<string, string>();
        for (const { name: layerName, path } of planLayerNames(plan())) {
          const before = seen.get(layerName);
          if (before !== undefined) throw new Error(`${path}: layer name '${layerName}' is already used at ${before}`);
          seen.set(layerName, path);
          if (allowed !== undefined && !allowed.has(layerName)) {
            throw new Error(`${path}: expected a layer name among ${[...allowed].join(', ')}, got '${layerName}'`);
          }
        }
      }),
      check(`${where}: costs non-negative safe integers`, () => {
        const cost = countPlan(plan(), inShape, primitivesOf());
        for (const field of ['macs', 'weights', 'biases', 'bnChannels'] as const) {
          const value = cost[field];
          if (!Number.isSafeInteger(value) || value < 0) {
            throw new Error(`countPlan(...).${field}: expected a non-negative safe integer, got ${value}`);
          }
        }
      }),
      check(`${where}: has a canonical latency key that depends on the input size`, () => {
        const key = spec.latencyKey(block(), input);
        const head = `${spec.name}-in:${formatFeatureShape(inShape)}-out:${formatFeatureShape(outShape)}`;
        if (typeof key !== 'string' || !key.startsWith(head) || !new RegExp(`^(-${KEY_FIELD})*$`).test(key.slice(head.length))) {
          throw new Error(`expected a latency key '${head}' followed by '-field:value' parts, got ${JSON.stringify(key)}`);
        }
        const reordered = Object.fromEntries(Object.entries(parse()).reverse()); // the same arguments, keys reversed
        const again = spec.latencyKey({ ...sample, args: Object.freeze(reordered) }, { ...input });
        if (again !== key) throw new Error(`expected the same key for the same block, got '${key}' then '${again}'`);
        const larger = spec.latencyKey(block(), { height: input.height * 2, width: input.width * 2 });
        if (larger === key) throw new Error(`expected a different key at ${input.height * 2}x${input.width * 2}, got '${key}' again`);
      }),
    );
  }
  return checks;
}

function checkNames(spec: OpSpec): void {
  if (typeof spec.name !== 'string' || !SNAKE_CASE.test(spec.name)) {
    throw new Error(`name: expected a snake_case name (a-z, 0-9, _), got ${JSON.stringify(spec.name)}`);
  }
  if (!Array.isArray(spec.aliases)) throw new Error(`aliases: expected an array of { name, args }, got ${JSON.stringify(spec.aliases)}`);
  const seen = new Set([spec.name]);
  spec.aliases.forEach((alias, index) => {
    if (typeof alias?.name !== 'string' || !SNAKE_CASE.test(alias.name)) {
      throw new Error(`aliases[${index}].name: expected a snake_case name, got ${JSON.stringify(alias?.name)}`);
    }
    if (seen.has(alias.name)) throw new Error(`aliases[${index}].name: '${alias.name}' is already a name of op '${spec.name}'`);
    seen.add(alias.name);
    assertJsonValue(alias.args, `aliases[${index}].args`);
  });
}

function checkRegistered(spec: OpSpec, registry: OpSpecRegistry): void {
  const registered = registry.list().find((candidate) => candidate.name === spec.name);
  if (registered !== spec) throw new Error(`expected the registry to hold this spec under '${spec.name}'`);
  for (const alias of spec.aliases) {
    const resolved = resolveOpName(registry, alias.name);
    if (resolved.spec !== spec || canonicalJson(resolved.fixedArgs) !== canonicalJson(alias.args)) {
      throw new Error(`expected the registry to resolve alias '${alias.name}' to op '${spec.name}', got op '${resolved.spec.name}'`);
    }
  }
}

function expectFormatError(parse: () => unknown, path: string): void {
  let parsed: unknown;
  try {
    parsed = parse();
  } catch (error) {
    const { name, path: got } = (error ?? {}) as { name?: unknown; path?: unknown };
    if (name !== 'FormatError' || got !== path) {
      throw new Error(
        `expected a FormatError at '${path}', got ${name === 'FormatError' ? `one at '${String(got)}'` : String(error)}`,
      );
    }
    return;
  }
  throw new Error(`expected a FormatError at '${path}', but parseArgs accepted it and returned ${JSON.stringify(parsed)}`);
}

function check(name: string, run: () => void): ConformanceCheck {
  return Object.freeze({ name, run });
}
