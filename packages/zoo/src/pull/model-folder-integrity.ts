import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Checks a tfjs model folder saved by `@fbnas/ops`'s `fileSystemIO` against the checksums its `model.json`
 * records (`userDefinedMetadata.fbnasIntegrity`: shard file → sha256): every shard must exist and match.
 *
 * @returns undefined when the folder is intact, else what is wrong (`<file>: sha256 mismatch with model.json`,
 *   `<file> is missing`, `<folder>/model.json records no checksums`, `<folder>/model.json: not readable (…)`).
 * @example
 * const problem = await modelFolderProblem('~/.cache/fbnas/zoo/fbnet_c'); // undefined when intact
 */
export async function modelFolderProblem(directory: string): Promise<string | undefined> {
  const jsonPath = join(directory, 'model.json');
  let json: { weightsManifest?: Array<{ paths?: string[] }>; userDefinedMetadata?: { fbnasIntegrity?: Record<string, string> } };
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8'));
  } catch (error) {
    return `${jsonPath}: not readable (${(error as Error).message})`;
  }
  const integrity = json.userDefinedMetadata?.fbnasIntegrity;
  const paths = (json.weightsManifest ?? []).flatMap((group) => group.paths ?? []);
  if (integrity === undefined || paths.length === 0 || paths.some((path) => typeof integrity[path] !== 'string')) {
    return `${jsonPath} records no checksums for its weight files`;
  }
  for (const path of paths) {
    const file = join(directory, path);
    if (!existsSync(file)) return `${file} is missing`;
    const sha256 = createHash('sha256').update(await readFile(file)).digest('hex');
    if (sha256 !== integrity[path]) return `${file}: sha256 mismatch with model.json (corrupt or modified weights)`;
  }
  return undefined;
}
