import {
  DEFAULT_HEAD,
  DEFAULT_INPUT_CHANNELS,
  DEFAULT_NUM_CLASSES,
  type ArchDefinition,
  type BlockEntry,
} from './arch-definition';
import { childPath, describeValue, FormatError } from './format-error';
import type { JsonObject, JsonValue } from './json-value';
import { resolveOpName, type OpSpecRegistry } from './op-spec-registry';
import type { OpBlock } from './op-spec';
import type { ArchLimits } from './arch-limits';
import { validateArch } from './validate-arch';

/** One block after unification: named, chained, its op canonical and its arguments parsed. */
export interface ResolvedBlock<Args extends object = object> extends OpBlock<Args> {
  /** `xif{stage}_{index}` for backbone blocks, `head` for the head. */
  name: string;
  /** Module path, the prefix of its checkpoint keys: `backbone.stages.xif2_0` or `head`. */
  path: string;
  /** Canonical op name, e.g. `ir`. */
  op: string;
  /** The op name as written in the definition, e.g. `ir_k5_sehsig_hs`. */
  opName: string;
  /** Stage index (null for the head). */
  stage: number | null;
  /** Index within the stage (null for the head). */
  index: number | null;
  /** JSON path of the definition entry it came from, e.g. `stages[2][0]` or `head`. */
  source: string;
}

/** An architecture after unification. */
export interface UnifiedArch {
  /** Model name. */
  name: string;
  /** Side of the square input (pixels). */
  inputSize: number;
  /** Input channels. */
  inputChannels: number;
  /** Classes of the head. */
  numClasses: number;
  /** Backbone blocks in order. */
  blocks: ResolvedBlock[];
  /** The head block (input: the last block's output channels; output: `numClasses`). */
  head: ResolvedBlock;
}

/**
 * Flattens an `fbnas.arch/v1` document into chained, named blocks: expands repeats (only the first copy keeps
 * the stride; repeat 0 removes the entry), resolves aliases to canonical ops, merges arguments
 * (`basicArgs` the op accepts, then the alias's fixed arguments, then the entry's objects left to right) and
 * parses them with the op's spec.
 *
 * `options.limits` raises the size limits checked by `validateArch` (`arch-limits.ts`).
 *
 * @throws FormatError naming the JSON path for format errors (see `validateArch`), unknown ops, invalid or
 *   unknown arguments, and block arguments contradicting the alias (`ir_k5` with `{"kernel": 3}`).
 * @example
 * const unified = unify(arch, createBuiltinOpSpecRegistry());
 * unified.blocks[2]; // { name: 'xif2_0', path: 'backbone.stages.xif2_0', op: 'ir', inChannels: 16, ... }
 */
export function unify(arch: ArchDefinition, registry: OpSpecRegistry, options: { limits?: Partial<ArchLimits> } = {}): UnifiedArch {
  const definition = validateArch(arch, options);
  const blocks: ResolvedBlock[] = [];
  let channels = definition.inputChannels ?? DEFAULT_INPUT_CHANNELS;
  definition.stages.forEach((stage, stageIndex) => {
    let index = 0;
    stage.forEach((entry, entryIndex) => {
      const source = `stages[${stageIndex}][${entryIndex}]`;
      const [, outChannels, stride, repeat] = entry;
      for (let copy = 0; copy < repeat; copy++) {
        const position = { name: `xif${stageIndex}_${index}`, stage: stageIndex, index, source };
        const shape = { inChannels: channels, outChannels, stride: copy === 0 ? stride : 1 };
        blocks.push(resolveBlock(registry, definition.basicArgs ?? {}, entry, position, shape));
        channels = outChannels;
        index += 1;
      }
    });
  });
  const head = resolveHead(registry, definition, channels);
  return {
    name: definition.name,
    inputSize: definition.inputSize,
    inputChannels: definition.inputChannels ?? DEFAULT_INPUT_CHANNELS,
    numClasses: definition.numClasses ?? DEFAULT_NUM_CLASSES,
    blocks,
    head,
  };
}

function resolveBlock(
  registry: OpSpecRegistry,
  basicArgs: JsonObject,
  entry: BlockEntry,
  position: { name: string; stage: number; index: number; source: string },
  shape: { inChannels: number; outChannels: number; stride: number },
): ResolvedBlock {
  const { name, source } = position;
  const [opName, , , , ...argObjects] = entry;
  const { spec, fixedArgs, alias } = resolveOpName(registry, opName, `${source}[0]`);
  const merged: Record<string, JsonValue> = {};
  const origins = new Map<string, string>();
  for (const [key, value] of Object.entries(basicArgs)) {
    if (!spec.argNames.includes(key)) continue;
    merged[key] = value;
    origins.set(key, childPath('basicArgs', key));
  }
  for (const [key, value] of Object.entries(fixedArgs)) {
    merged[key] = value;
    origins.set(key, `${source}[0]`);
  }
  argObjects.forEach((argObject, offset) => {
    const objectPath = `${source}[${offset + 4}]`;
    for (const [key, value] of Object.entries(argObject)) {
      if (Object.hasOwn(fixedArgs, key) && !sameJson(fixedArgs[key], value)) {
        throw new FormatError(
          childPath(objectPath, key),
          `op '${alias}' fixes ${key} to ${describeValue(fixedArgs[key])}; got ${describeValue(value)} ` +
            `(use op '${spec.name}' to set it freely)`,
        );
      }
      merged[key] = value;
      origins.set(key, childPath(objectPath, key));
    }
  });
  const args = spec.parseArgs(merged, { path: source, keyPath: (key) => origins.get(key) ?? childPath(source, key) });
  return { ...position, path: `backbone.stages.${name}`, op: spec.name, opName, ...shape, args };
}

function resolveHead(registry: OpSpecRegistry, definition: ArchDefinition, channels: number): ResolvedBlock {
  const head = definition.head ?? DEFAULT_HEAD;
  const { spec, fixedArgs } = resolveOpName(registry, head.op, 'head.op');
  const raw = { ...fixedArgs, ...(head.args ?? {}) };
  const args = spec.parseArgs(raw, { path: 'head.args' });
  return {
    name: 'head',
    path: 'head',
    op: spec.name,
    opName: head.op,
    stage: null,
    index: null,
    source: 'head',
    inChannels: channels,
    outChannels: definition.numClasses ?? DEFAULT_NUM_CLASSES,
    stride: 1,
    args,
  };
}

function sameJson(left: JsonValue | undefined, right: JsonValue): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}
