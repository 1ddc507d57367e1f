import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { builtinMaskSpaceFiles } from '@fbnas/search-space';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from './cli-io';
import { opsFromFlag } from './ops-flag';
import { spaceFromFlag } from './space-flag';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'fbnas-space-flag-'));
const at = (name: string) => join(folder, name);
const builtins = createBuiltinOpSpecRegistry();
let withDsep: Awaited<ReturnType<typeof opsFromFlag>>;
beforeAll(async () => {
  withDsep = await opsFromFlag(fixture('contributed-ops.mjs'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The error `spaceFromFlag` throws. */
function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('spaceFromFlag (--space NAME|FILE.json)', () => {
  it('built-in names: DNAS and DMaskingNAS spaces, not read from files', () => {
    expect(spaceFromFlag('search', 'fbnet-micro-28', builtins)).toMatchObject({ kind: 'dnas', file: null, space: { name: 'fbnet-micro-28' } });
    expect(spaceFromFlag('search', 'fbnetv2-micro-28', builtins)).toMatchObject({ kind: 'mask', file: null, space: { name: 'fbnetv2-micro-28' } });
  });

  it("a user's DNAS space file whose candidates use contributed ops: parsed and checked against --ops", () => {
    const choice = spaceFromFlag('search', fixture('dsep-space.json'), withDsep);
    expect(choice).toMatchObject({ kind: 'dnas', file: fixture('dsep-space.json'), space: { name: 'dsep-tiny-28' } });
    expect(choice.space.layers.map((l) => [...l.candidates])).toEqual([['k3_e1', 'dsep_k3', 'skip'], ['dsep_k3', 'dsep_k5']]);
    expect(failure(() => spaceFromFlag('search', fixture('dsep-space.json'), builtins)).message)
      .toMatch(/^--space .*dsep-space\.json: candidates\.dsep_k3 \(layer c\d+_0\): .*unknown op 'dsep_k3'/);
  });

  it('a mask space file (told apart by its format), and any path to an existing file', () => {
    writeFileSync(at('mask-space'), JSON.stringify(builtinMaskSpaceFiles['fbnetv2-micro-28']));
    expect(spaceFromFlag('search', at('mask-space'), builtins)).toMatchObject({ kind: 'mask', space: { name: 'fbnetv2-micro-28' } });
    expect(failure(() => spaceFromFlag('latency build', at('mask-space'), builtins, 'dnas')).message)
      .toMatch(new RegExp(`^--space ${at('mask-space')}: resolutions: expected one input resolution option in a DNAS space`));
  });

  it('a mask space file with one width per group is a DNAS space for DNAS-only commands', () => {
    const dsep = JSON.parse(readFileSync(fixture('dsep-space.json'), 'utf8'));
    const asMask = {
      ...dsep,
      format: 'fbnas.mask-space/v1',
      stages: dsep.stages.map((stage: Record<string, unknown>[]) => stage.map(({ outChannels, ...entry }) => ('search' in entry ? { ...entry, channels: [outChannels] } : entry))),
    };
    writeFileSync(at('single-width.json'), JSON.stringify(asMask));
    const choice = spaceFromFlag('latency build', at('single-width.json'), withDsep, 'dnas');
    expect(choice.kind).toBe('dnas');
    expect(choice.space.layers).toEqual(spaceFromFlag('search', fixture('dsep-space.json'), withDsep).space.layers);
  });

  it('a name that is neither built in nor a file: a usage error listing the choices', () => {
    const error = failure(() => spaceFromFlag('search', 'nope', builtins));
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect(error.message).toMatch(/^fbnas search: --space expects one of fbnet, fbnet-micro-28, fbnet-micro-32, fbnetv2, fbnetv2-micro-28, fbnetv2-micro-32, or a space file \(FILE\.json, fbnas\.space\/v1 or fbnas\.mask-space\/v1\), got 'nope'/);
    expect(failure(() => spaceFromFlag('latency build', 'fbnetv2-micro-28', builtins, 'dnas')).message)
      .toMatch(/--space expects one of fbnet, fbnet-micro-28, fbnet-micro-32 \(latency tables are per DNAS space\), or a space file \(FILE\.json, fbnas\.space\/v1, or fbnas\.mask-space\/v1 with one width per group\), got 'fbnetv2-micro-28'/);
  });

  it('bad files: missing, not JSON, unknown format, invalid document (naming the JSON path)', () => {
    writeFileSync(at('text.json'), '{ not json');
    writeFileSync(at('arch.json'), JSON.stringify({ format: 'fbnas.arch/v1' }));
    const space = JSON.parse(readFileSync(fixture('dsep-space.json'), 'utf8'));
    space.stages[1][0].stride = 0;
    writeFileSync(at('bad-stride.json'), JSON.stringify(space));
    const cases: [string, RegExp][] = [
      [at('missing.json'), /: no such file$/],
      [at('text.json'), /: not valid JSON \(/],
      [at('arch.json'), /: format: expected "fbnas\.space\/v1" \(a DNAS space\) or "fbnas\.mask-space\/v1" \(a DMaskingNAS space\), got "fbnas\.arch\/v1"$/],
      [at('bad-stride.json'), /: stages\[1\]\[0\]\.stride: expected /],
    ];
    for (const [file, message] of cases) {
      const error = failure(() => spaceFromFlag('search', file, withDsep));
      expect(error.message.startsWith(`--space ${file}: `)).toBe(true);
      expect(error.message).toMatch(message);
    }
  });
});
