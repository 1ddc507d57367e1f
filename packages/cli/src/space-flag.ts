import { readFileSync, statSync } from 'node:fs';
import type { OpSpecRegistry } from '@fbnas/core';
import {
  builtinMaskSpaceFiles, builtinSpaceFiles, loadMaskSpace, loadSpace, MASK_SPACE_FORMAT, parseMaskSpace, parseSpace, SPACE_FORMAT, validateSpaceOps,
  type MaskSearchSpace, type SearchSpace,
} from '@fbnas/search-space';
import { planMaskedSpace } from '@fbnas/train';
import { usageError } from './cli-io';

/** A space chosen with `--space`: a built-in one, or a user's space file, parsed and checked against the op registry. */
export type SpaceFlag =
  | { kind: 'dnas'; space: SearchSpace; /** The space file, or null for a built-in space. */ file: string | null }
  | { kind: 'mask'; space: MaskSearchSpace; /** The space file, or null for a built-in space. */ file: string | null };

/** The largest space file read (bytes): the paper's space is about 2 KB. */
export const MAX_SPACE_FILE_BYTES = 16 * 2 ** 20;

/**
 * Resolves `--space NAME|FILE.json`: a built-in space name, else a space file (a value ending in `.json`, or a path
 * to an existing file) read as an `fbnas.space/v1` (DNAS) or `fbnas.mask-space/v1` (DMaskingNAS) document, told
 * apart by its `format` field, validated, and checked against `ops` (every candidate and fixed block resolves to an
 * op of the registry, takes its arguments and plans at its place). Commands that take DNAS spaces only also take a
 * mask document whose groups have one width option (the DNAS space it is).
 *
 * @param command - the command, for usage errors (`latency build`).
 * @param accept - `any` (default) or `dnas` (commands that take DNAS spaces only, e.g. `latency build`).
 * @throws CliError (exit 2) for a value that is neither a built-in name nor a file, listing the built-in names.
 * @throws Error starting `--space FILE:` when the file cannot be read, is not JSON, is too large, has an unknown
 *   `format`, or does not validate (naming the JSON path, e.g. `candidates.k3_e6 (layer c24_0): unknown op 'x'`).
 * @example
 * const choice = spaceFromFlag('search', 'my-space.json', await opsFromFlag('./my-ops.mjs'));
 * if (choice.kind === 'dnas') choice.space.layers.length;
 */
export function spaceFromFlag(command: string, value: string, ops: OpSpecRegistry, accept: 'any' | 'dnas' = 'any'): SpaceFlag {
  if (Object.hasOwn(builtinSpaceFiles, value)) return { kind: 'dnas', space: loadSpace(value), file: null };
  if (accept === 'any' && Object.hasOwn(builtinMaskSpaceFiles, value)) return { kind: 'mask', space: loadMaskSpace(value), file: null };
  if (!value.endsWith('.json') && !isFile(value)) {
    const names = [...Object.keys(builtinSpaceFiles), ...(accept === 'any' ? Object.keys(builtinMaskSpaceFiles) : [])].join(', ');
    const files = accept === 'any' ? `${SPACE_FORMAT} or ${MASK_SPACE_FORMAT}` : `${SPACE_FORMAT}, or ${MASK_SPACE_FORMAT} with one width per group`;
    const why = accept === 'dnas' ? ' (latency tables are per DNAS space)' : '';
    throw usageError(command, `--space expects one of ${names}${why}, or a space file (FILE.json, ${files}), got '${value}'`);
  }
  const fail = (detail: string): never => {
    throw new Error(`--space ${value}: ${detail}`);
  };
  const document = readSpaceFile(value, fail);
  const format = (document as { format?: unknown } | null)?.format;
  if (format !== SPACE_FORMAT && format !== MASK_SPACE_FORMAT) {
    const [dnas, mask] = [JSON.stringify(SPACE_FORMAT), JSON.stringify(MASK_SPACE_FORMAT)];
    const expected = accept === 'any' ? `${dnas} (a DNAS space) or ${mask} (a DMaskingNAS space)` : `${dnas}, or ${mask} with one width per group`;
    return fail(`format: expected ${expected}, got ${format === undefined ? 'nothing' : JSON.stringify(format)}`);
  }
  try {
    // One format family: a DNAS space is a mask space whose widths have one option (`parseSpace` refuses others).
    if (format === SPACE_FORMAT || accept === 'dnas') {
      const space = parseSpace(document);
      validateSpaceOps(space, ops);
      return { kind: 'dnas', space, file: value };
    }
    const space = parseMaskSpace(document);
    planMaskedSpace(space, ops);
    return { kind: 'mask', space, file: value };
  } catch (error) {
    return fail((error as Error).message);
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The file's JSON, or a failure naming what went wrong. */
function readSpaceFile(path: string, fail: (detail: string) => never): unknown {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'no such file' : `cannot read (${(error as Error).message})`);
  }
  if (!stat.isFile()) fail('not a file; expected a space file (FILE.json)');
  if (stat.size > MAX_SPACE_FILE_BYTES) fail(`${stat.size} bytes; a space file may have at most ${MAX_SPACE_FILE_BYTES} bytes`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return fail(`cannot read (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`);
  }
}
