import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { io, type NamedTensorMap } from '@tensorflow/tfjs-core';

/**
 * Saves named tensors (weights, optimizer slots, architecture logits) plus a JSON `state` as a folder
 * (`tensors.json` + `tensors.bin`), atomically: written to a temporary sibling, then swapped in by rename.
 */
export async function saveNamedTensors(folder: string, tensors: NamedTensorMap, state: unknown): Promise<void> {
  const { data, specs } = await io.encodeWeights(tensors);
  const temporary = `${folder}.tmp-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  await writeFile(join(temporary, 'tensors.bin'), new Uint8Array(data));
  await writeFile(join(temporary, 'tensors.json'), JSON.stringify({ specs, state }));
  const previous = `${folder}.previous-${process.pid}`;
  if (existsSync(folder)) await rename(folder, previous);
  await rename(temporary, folder);
  await rm(previous, { recursive: true, force: true });
}

/** Loads what `saveNamedTensors` wrote. The caller owns (and disposes) the tensors. */
export async function loadNamedTensors<State>(folder: string): Promise<{ tensors: NamedTensorMap; state: State }> {
  const manifestPath = join(folder, 'tensors.json');
  const { specs, state } = JSON.parse(await readFile(manifestPath, 'utf8')) as { specs: io.WeightsManifestEntry[]; state: State };
  const bytes = await readFile(join(folder, 'tensors.bin'));
  const tensors = io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, specs);
  return { tensors, state };
}
