import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { io } from '@tensorflow/tfjs-core';

/** Shard size of saved weights (4 MiB, as tfjs's converter). */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

/**
 * A tfjs `IOHandler` that saves a model as a standard tfjs artifact (`model.json` + `group1-shardNofM.bin`)
 * without tfjs-node, and loads it back. Saving is atomic: everything is written to a temporary sibling folder
 * (`.<name>.tmp-<pid>-<ms>`) that replaces `directory` by rename, so an interrupted save never leaves a
 * half-written model; a failed save (e.g. a full disk) removes its temporary folder and keeps the previous
 * model. `model.json` records each shard's sha256 under `userDefinedMetadata.fbnasIntegrity`; loading verifies
 * them and names the file that does not match.
 *
 * @example
 * await model.save(fileSystemIO('./my-model'));
 * const same = await tf.loadLayersModel(fileSystemIO('./my-model'));
 */
export function fileSystemIO(directory: string, shardBytes = DEFAULT_SHARD_BYTES): io.IOHandler {
  return {
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      const data = artifacts.weightData ? io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
      const bytes = new Uint8Array(data);
      const shardCount = Math.max(1, Math.ceil(bytes.length / shardBytes));
      const paths: string[] = [];
      const integrity: Record<string, string> = {};
      const temporary = join(dirname(directory), `.${basename(directory)}.tmp-${process.pid}-${Date.now()}`);
      const previous = `${temporary}-previous`;
      let moved = false;
      try {
        await mkdir(temporary, { recursive: true });
        for (let i = 0; i < shardCount; i++) {
          const name = `group1-shard${i + 1}of${shardCount}.bin`;
          const shard = bytes.subarray(i * shardBytes, Math.min(bytes.length, (i + 1) * shardBytes));
          await writeFile(join(temporary, name), shard);
          paths.push(name);
          integrity[name] = createHash('sha256').update(shard).digest('hex');
        }
        const modelJson = {
          modelTopology: artifacts.modelTopology,
          format: artifacts.format ?? 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: artifacts.convertedBy ?? null,
          ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
          userDefinedMetadata: { ...(artifacts.userDefinedMetadata ?? {}), fbnasIntegrity: integrity },
          weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
        };
        await writeFile(join(temporary, 'model.json'), JSON.stringify(modelJson));
        if (existsSync(directory)) {
          await rename(directory, previous);
          moved = true;
        }
        await rename(temporary, directory);
      } catch (error) {
        // A failed save (e.g. ENOSPC) leaves no temporary folder and keeps the previous model where it was.
        if (moved && !existsSync(directory)) await rename(previous, directory).catch(() => undefined);
        await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
        throw error;
      }
      await rm(previous, { recursive: true, force: true });
      return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
    },

    async load(): Promise<io.ModelArtifacts> {
      const jsonPath = join(directory, 'model.json');
      let json: io.ModelJSON;
      try {
        json = JSON.parse(await readFile(jsonPath, 'utf8')) as io.ModelJSON;
      } catch (error) {
        throw new Error(`${jsonPath}: cannot read a tfjs model.json (${(error as Error).message})`);
      }
      if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
        throw new Error(`${jsonPath}: expected a tfjs layers model with modelTopology and weightsManifest`);
      }
      const integrity = (json.userDefinedMetadata?.fbnasIntegrity ?? {}) as Record<string, string>;
      return io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const path of group.paths) {
            const file = join(directory, path);
            const shard = await readFile(file);
            const expected = integrity[path];
            if (expected && createHash('sha256').update(shard).digest('hex') !== expected) {
              throw new Error(`${file}: sha256 mismatch with model.json (corrupt or modified weights)`);
            }
            buffers.push(shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength) as ArrayBuffer);
          }
        }
        return [specs, io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}
