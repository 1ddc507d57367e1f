import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createOpSpecRegistry, describeValue, planPrimitivesOf, type OpSpec, type OpSpecRegistry } from '@fbnas/core';
import { builtinOpSpecs, createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';

/** The members every op spec must have, with the kind of value each must be (`OpSpec` of `@fbnas/core`). */
const REQUIRED_MEMBERS: readonly [name: string, kind: 'string' | 'array' | 'function'][] = [
  ['name', 'string'],
  ['description', 'string'],
  ['argNames', 'array'],
  ['aliases', 'array'],
  ['parseArgs', 'function'],
  ['plan', 'function'],
  ['latencyKey', 'function'],
];

const EXPECTED_EXPORTS = '`export const opSpecs = [spec, …]` or `export default [spec, …]`';

/**
 * The op registry of `--ops MODULE`: the built-in op specs, extended with those a user's ES module exports.
 * Without the flag, the built-ins.
 *
 * The module (a path resolved from the current directory, e.g. `./my-ops.mjs`; Node must be able to import it,
 * so `.mjs`, or `.js` in a `"type": "module"` package) exports an array of op specs (`OpSpec` of `@fbnas/core`)
 * as `export const opSpecs = [...]` or as its default export `export default [...]`. Each spec is an object with
 * `name`, `description`, `argNames`, `aliases`, `parseArgs`, `plan` and `latencyKey` (and optionally
 * `primitives`).
 *
 * @param module - the flag's value, or undefined when the flag was not given.
 * @param cwd - the folder a relative path is resolved from (default: the current directory).
 * @throws Error starting `--ops MODULE:` when the file is missing, cannot be imported, exports no array of op
 *   specs (naming what it does export), holds an item that is not an op spec (naming the item and the member),
 *   or when a spec's name, aliases or plan primitives collide with the built-ins or with each other.
 * @example
 * const ops = await opsFromFlag('./my-ops.mjs'); // built-ins + the module's specs
 * countArch(arch, ops);
 */
export async function opsFromFlag(module: string | undefined, cwd: string = process.cwd()): Promise<OpSpecRegistry> {
  if (module === undefined) return createBuiltinOpSpecRegistry();
  const fail = (detail: string): never => {
    throw new Error(`--ops ${module}: ${detail}`);
  };
  const path = resolve(cwd, module);
  if (!existsSync(path)) fail(`no such file (${path}); expected an ES module exporting op specs (${EXPECTED_EXPORTS})`);
  if (!statSync(path).isFile()) fail(`${path} is not a file; expected an ES module exporting op specs (${EXPECTED_EXPORTS})`);
  let exported: Record<string, unknown>;
  try {
    exported = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    return fail(`cannot import it as an ES module (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  const specs = opSpecsOf(exported, fail);
  let ops: OpSpecRegistry;
  try {
    ops = createOpSpecRegistry([...builtinOpSpecs, ...specs]);
    planPrimitivesOf(ops);
  } catch (error) {
    return fail((error as Error).message);
  }
  return ops;
}

/** The module's op specs (its `opSpecs` or default export), each checked for the members of an `OpSpec`. */
function opSpecsOf(exported: Record<string, unknown>, fail: (detail: string) => never): OpSpec[] {
  const names = Object.keys(exported);
  const hasNamed = 'opSpecs' in exported;
  const hasDefault = 'default' in exported;
  if (!hasNamed && !hasDefault) {
    fail(`expected the module to export its op specs as ${EXPECTED_EXPORTS}; it exports ${names.length > 0 ? names.join(', ') : 'nothing'}`);
  }
  if (hasNamed && hasDefault && exported.opSpecs !== exported.default) {
    fail(`exports both opSpecs and a default export; export the op specs once (${EXPECTED_EXPORTS})`);
  }
  const which = hasNamed ? 'opSpecs' : 'default';
  const value = exported[which];
  if (!Array.isArray(value)) fail(`its ${which} export: expected an array of op specs, got ${describeValue(value)}`);
  const specs = value as unknown[];
  if (specs.length === 0) fail(`its ${which} export is an empty array; expected at least one op spec`);
  specs.forEach((spec, index) => {
    const where = `${which}[${index}]`;
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
      fail(`${where}: expected an op spec (an object with ${REQUIRED_MEMBERS.map(([name]) => name).join(', ')}), got ${describeValue(spec)}`);
    }
    const record = spec as Record<string, unknown>;
    const label = typeof record.name === 'string' && record.name !== '' ? `${where} ('${record.name}')` : where;
    for (const [member, kind] of REQUIRED_MEMBERS) {
      const got = record[member];
      const fits = kind === 'array' ? Array.isArray(got) : kind === 'string' ? typeof got === 'string' && (member !== 'name' || got !== '') : typeof got === 'function';
      if (!fits) {
        const expected = kind === 'array' ? 'an array' : kind === 'string' ? (member === 'name' ? 'a non-empty string' : 'a string') : 'a function';
        fail(`${label}.${member}: expected ${expected} (every op spec has ${REQUIRED_MEMBERS.map(([name]) => name).join(', ')}), got ${describeValue(got)}`);
      }
    }
    if (record.primitives !== undefined && !Array.isArray(record.primitives)) {
      fail(`${label}.primitives: expected an array of plan primitives or nothing, got ${describeValue(record.primitives)}`);
    }
  });
  return specs as OpSpec[];
}
