import { selectBackend } from '@fbnas/backend';
import { buildLatencyTable, loadLatencyTable, predictLatency, saveLatencyTable, validateLatencyTable } from '@fbnas/latency';
import { loadSpace, validateSample } from '@fbnas/search-space';
import { readJson } from '@fbnas/train';
import type { CliIo } from '../cli-io';

/** `fbnas latency build|predict|validate`. */
export async function latencyCommand(
  action: string,
  flags: { space: string; out?: string; lut?: string; sample?: string; batchSize?: number; samples?: number; seed: number; json: boolean },
  io: CliIo,
): Promise<void> {
  const space = loadSpace(flags.space);
  if (action === 'build') {
    const selection = await selectBackend({ onWarning: (m) => io.error(m) });
    const table = await buildLatencyTable(space, {
      batchSize: flags.batchSize ?? 1,
      onProgress: (p) => io.error(`measured ${(p as { done?: number }).done ?? ''}/${(p as { total?: number }).total ?? ''}`),
    });
    const out = flags.out ?? `${space.name}.lut.json`;
    await saveLatencyTable(out, table);
    io.out(`latency table of ${space.name} on ${selection.backend} (batch ${table.batchSize}): ${out}`);
    return;
  }
  if (!flags.lut) throw new Error(`fbnas latency ${action}: missing --lut FILE`);
  const table = await loadLatencyTable(flags.lut, space);
  if (action === 'predict') {
    if (!flags.sample) throw new Error('fbnas latency predict: missing --sample FILE (a {"layerId": "candidate"} JSON)');
    const sample = validateSample(space, await readJson(flags.sample));
    const us = predictLatency(table, sample);
    io.out(flags.json ? JSON.stringify({ predictedUs: us, unit: table.unit }) : `predicted: ${us.toFixed(0)} ${table.unit}`);
    return;
  }
  if (action === 'validate') {
    await selectBackend({ onWarning: (m) => io.error(m) });
    const validation = await validateLatencyTable(space, table, { samples: flags.samples ?? 30, seed: flags.seed, onProgress: (done, total) => io.error(`timed ${done}/${total}`) });
    const summary = { medianAbsolutePercentError: validation.medianAbsolutePercentError, p95AbsolutePercentError: validation.p95AbsolutePercentError, spearman: validation.spearman, samples: validation.rows.length };
    io.out(flags.json ? JSON.stringify({ ...summary, rows: validation.rows }, null, 2) : `LUT validation over ${summary.samples} architectures: median error ${summary.medianAbsolutePercentError.toFixed(1)} %, p95 ${summary.p95AbsolutePercentError.toFixed(1)} %, Spearman ${summary.spearman.toFixed(3)}`);
    return;
  }
  throw new Error(`fbnas latency: unknown action '${action}'; expected build, predict or validate`);
}
