import { importCheckpoint, loadArchitecture, modelInfo, pullModel } from '@fbnas/zoo';
import type { CliIo } from '../cli-io';
import { progressBar } from '../progress-bar';

/** `fbnas zoo pull NAME [--force]`: download, verify, convert and cache the reference weights. */
export async function zooPullCommand(name: string, options: { force: boolean }, io: CliIo): Promise<void> {
  const info = modelInfo(name);
  const bar = progressBar(`downloading ${info.name}`);
  try {
    const pulled = await pullModel(info.name, { force: options.force, onProgress: (p) => bar.update(p.bytes, p.total) });
    bar.done();
    io.out(`${pulled.name}: ${pulled.directory} (sha256 ${pulled.sha256}, ${pulled.checksum})`);
    io.out(`weights licence: ${info.checkpoint.licence}`);
  } catch (error) {
    bar.done();
    throw error;
  }
}

/** `fbnas zoo import NAME --from FILE.pth --out DIR`: convert a local reference checkpoint, offline. */
export async function zooImportCommand(name: string, options: { from: string; out: string }, io: CliIo): Promise<void> {
  const info = modelInfo(name);
  const model = await importCheckpoint({ architecture: loadArchitecture(info.name), from: options.from, out: options.out });
  io.out(`${info.name}: converted ${options.from} → ${options.out} (${model.countParams()} parameters)`);
  model.dispose();
}
