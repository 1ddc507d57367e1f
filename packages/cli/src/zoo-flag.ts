import { builtinModelZoo, loadZooManifest, type ModelZoo } from '@fbnas/zoo';

/** The zoo that `--manifest FILE|URL` names (validated; errors name the file or URL), else the built-in one. */
export async function zooFromFlag(manifest: string | undefined): Promise<ModelZoo> {
  return manifest === undefined ? builtinModelZoo() : loadZooManifest(manifest);
}
