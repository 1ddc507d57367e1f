import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OpSpecRegistry } from '@fbnas/core';
import { importCheckpoint, pullModel } from '@fbnas/zoo';
import type { CliIo } from '../cli-io';
import { progressBar } from '../progress-bar';
import { zooFromFlag } from '../zoo-flag';

/**
 * `fbnas zoo pull NAME [--manifest FILE|URL] [--force] [--keep-download]`: download, verify, convert and cache the
 * reference weights (the `.pth` is removed after a verified conversion unless `--keep-download`). `ops` (`--ops`):
 * the registry the architecture's ops resolve to (default: the built-ins).
 */
export async function zooPullCommand(
  name: string, options: { force: boolean; manifest?: string; keepDownload: boolean; json: boolean; ops?: OpSpecRegistry }, io: CliIo,
): Promise<void> {
  const zoo = await zooFromFlag(options.manifest);
  const info = zoo.modelInfo(name);
  const bar = progressBar(`downloading ${info.name}`);
  try {
    const pulled = await pullModel(info.name, { zoo, ops: options.ops, force: options.force, keepDownload: options.keepDownload, onProgress: (p) => bar.update(p.bytes, p.total) });
    bar.done();
    if (options.json) {
      io.out(JSON.stringify({ ...pulled, licence: info.checkpoint.licence }, null, 2));
      return;
    }
    io.out(`${pulled.name}: ${pulled.directory} (sha256 ${pulled.sha256}, ${pulled.checksum})`);
    io.out(`weights licence: ${info.checkpoint.licence}`);
  } catch (error) {
    bar.done();
    throw error;
  }
}

/** `fbnas zoo import NAME --from FILE.pth --out DIR [--ops MODULE]`: convert a local reference checkpoint, offline. */
export async function zooImportCommand(
  name: string, options: { from: string; out: string; manifest?: string; force: boolean; ops?: OpSpecRegistry }, io: CliIo,
): Promise<void> {
  const zoo = await zooFromFlag(options.manifest);
  const info = zoo.modelInfo(name);
  if (!existsSync(options.from)) throw new Error(`--from ${options.from}: no such file`);
  if (!options.force && existsSync(join(options.out, 'model.json'))) {
    throw new Error(`--out ${options.out} already holds a model; use --force to replace it, or another --out`);
  }
  const model = await importCheckpoint({ architecture: zoo.loadArchitecture(info.name), from: options.from, out: options.out, ops: options.ops });
  io.out(`${info.name}: converted ${options.from} → ${options.out} (${model.countParams()} parameters)`);
  model.dispose();
}
