import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countArch, resolveOpName, type ArchDefinition } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { afterAll, describe, expect, it } from 'vitest';
import { opsFromFlag } from './ops-flag';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'fbnas-ops-flag-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Writes a module into the temporary folder; returns its name (relative to the folder). */
function writeModule(name: string, text: string): string {
  writeFileSync(join(folder, name), text);
  return name;
}

/** A plain-object op spec in module text (no imports): a 1×1 conv, with one member replaced. */
const specText = (name: string, replace: Record<string, string> = {}) => {
  const members: Record<string, string> = {
    name: JSON.stringify(name), description: "'1×1 conv'", argNames: '[]', aliases: '[]', parseArgs: '() => ({})',
    plan: "(b) => [{ kind: 'conv', name: 'conv', inChannels: b.inChannels, outChannels: b.outChannels, kernel: 1, stride: b.stride, groups: 1, bias: false }]",
    latencyKey: `() => '${name}'`, ...replace,
  };
  return `{ ${Object.entries(members).filter(([, v]) => v !== '').map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
};

describe('opsFromFlag (--ops MODULE)', () => {
  it('without the flag: the built-in ops', async () => {
    expect((await opsFromFlag(undefined)).names()).toEqual(createBuiltinOpSpecRegistry().names());
  });

  it("the user's module (opSpecs or default export, resolved from cwd): the built-ins extended with its specs and aliases", async () => {
    for (const module of ['contributed-ops.mjs', './contributed-ops-default.mjs']) {
      const ops = await opsFromFlag(module, fixtures);
      expect(ops.names()).toEqual([...createBuiltinOpSpecRegistry().names(), 'dsep']);
      expect(resolveOpName(ops, 'dsep_k5')).toMatchObject({ spec: { name: 'dsep' }, fixedArgs: { kernel: 5 } });
      const arch = { format: 'fbnas.arch/v1', name: 'a', inputSize: 8, inputChannels: 1, numClasses: 2, stages: [[['conv_k3', 4, 1, 1]], [['dsep_k3', 8, 2, 1]]] } as unknown as ArchDefinition;
      // stem 8·8·(9·1·4 MACs) + dsep's dw 4·4·(9·4) and pw 4·4·(4·8) + the classifier's pool 4·4·8 and linear 8·2.
      expect(countArch(arch, ops).macs).toBe(64 * 36 + 16 * 36 + 16 * 32 + 128 + 16);
    }
    const named = writeModule('one.mjs', `export const opSpecs = [${specText('one_by_one')}];`);
    expect((await opsFromFlag(join(folder, named))).has('one_by_one')).toBe(true);
  });

  const failures: [string, string, RegExp][] = [
    ['a missing file', '', /^--ops nowhere\.mjs: no such file \(.*nowhere\.mjs\); expected an ES module exporting op specs \(`export const opSpecs = \[spec, …\]` or `export default \[spec, …\]`\)$/],
    ['a module that is not JavaScript', 'this is not javascript', /^--ops broken\.mjs: cannot import it as an ES module \(/],
    ['a module exporting no op specs', 'export const answer = 42; export function helper() {}', /^--ops none\.mjs: expected the module to export its op specs as .*; it exports answer, helper$/],
    ['an empty module', '', /^--ops empty\.mjs: expected the module to export its op specs as .*; it exports nothing$/],
    ['opSpecs that is not an array', `export const opSpecs = ${specText('x')};`, /^--ops single\.mjs: its opSpecs export: expected an array of op specs, got /],
    ['an empty array', 'export default [];', /^--ops zero\.mjs: its default export is an empty array; expected at least one op spec$/],
    ['an item that is not an object', 'export const opSpecs = [42];', /^--ops number\.mjs: opSpecs\[0\]: expected an op spec \(an object with name, description, argNames, aliases, parseArgs, plan, latencyKey\), got 42$/],
    ['a spec without plan', `export const opSpecs = [${specText('x')}, ${specText('no_plan', { plan: '' })}];`, /^--ops no-plan\.mjs: opSpecs\[1\] \('no_plan'\)\.plan: expected a function \(every op spec has .*\), got nothing$/],
    ['a spec whose name is empty', `export const opSpecs = [${specText('')}];`, /^--ops no-name\.mjs: opSpecs\[0\]\.name: expected a non-empty string/],
    ['a spec whose name a built-in op has', `export const opSpecs = [${specText('conv')}];`, /^--ops clash\.mjs: op registry: duplicate op name 'conv'$/],
    ['an alias a built-in has', `export const opSpecs = [${specText('mine', { aliases: "[{ name: 'ir_k3', args: {} }]" })}];`, /^--ops alias\.mjs: op registry: alias 'ir_k3' of op 'mine' collides with an alias of op 'ir'$/],
    ['both a default and another opSpecs', `export const opSpecs = [${specText('a')}]; export default [${specText('b')}];`, /^--ops both\.mjs: exports both opSpecs and a default export; export the op specs once/],
  ];
  const files = ['nowhere.mjs', 'broken.mjs', 'none.mjs', 'empty.mjs', 'single.mjs', 'zero.mjs', 'number.mjs', 'no-plan.mjs', 'no-name.mjs', 'clash.mjs', 'alias.mjs', 'both.mjs'];
  it.each(failures.map((failure, i) => [failure[0], files[i]!, failure[1], failure[2]] as const))('refuses %s, naming the module and what it exported', async (_, file, text, message) => {
    if (file !== 'nowhere.mjs') writeModule(file, text);
    await expect(opsFromFlag(file, folder)).rejects.toThrow(message);
  });
});
