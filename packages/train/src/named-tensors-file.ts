import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { io, type NamedTensorMap } from '@tensorflow/tfjs-core';

/**
 * Saves named tensors (weights, optimizer slots, architecture logits) plus a JSON `state` as a folder
 * (`tensors.json` + `tensors.bin`), atomically: written to a temporary sibling `<folder>.tmp-<pid>`, then swapped
 * in by rename (the old folder moved aside to `<folder>.previous-<pid>` for the moment of the swap). A failed
 * save (e.g. a full disk) removes the temporary and leaves the old folder in place.
 */
export async function saveNamedTensors(folder: string, tensors: NamedTensorMap, state: unknown): Promise<void> {
  const { data, specs } = await io.encodeWeights(tensors);
  const temporary = `${folder}.tmp-${process.pid}`;
  const previous = `${folder}.previous-${process.pid}`;
  let moved = false;
  try {
    await rm(temporary, { recursive: true, force: true });
    await mkdir(temporary, { recursive: true });
    await writeFile(join(temporary, 'tensors.bin'), new Uint8Array(data));
    await writeFile(join(temporary, 'tensors.json'), JSON.stringify({ specs, state }));
    if (existsSync(folder)) {
      await rename(folder, previous);
      moved = true;
    }
    await rename(temporary, folder);
  } catch (error) {
    if (moved && !existsSync(folder)) await rename(previous, folder).catch(() => undefined);
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  await rm(previous, { recursive: true, force: true });
}

/** Loads what `saveNamedTensors` wrote. The caller owns (and disposes) the tensors. */
export async function loadNamedTensors<State>(folder: string): Promise<{ tensors: NamedTensorMap; state: State }> {
  const manifestPath = join(folder, 'tensors.json');
  let manifest: { specs: io.WeightsManifestEntry[]; state: State };
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as typeof manifest;
  } catch (error) {
    throw new Error(`${manifestPath}: cannot read the checkpoint manifest (${(error as Error).message})`);
  }
  const bytes = await readFile(join(folder, 'tensors.bin'));
  const tensors = io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, manifest.specs);
  return { tensors, state: manifest.state };
}
