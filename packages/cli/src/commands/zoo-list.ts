import type { CliIo } from '../cli-io';
import { zooFromFlag } from '../zoo-flag';

/** `fbnas zoo list [--json]`: the zoo's models with resolution, published MACs and top-1. */
export async function zooListCommand(options: { json: boolean; manifest?: string }, io: CliIo): Promise<void> {
  const models = (await zooFromFlag(options.manifest)).listModels();
  if (options.json) {
    io.out(JSON.stringify(models.map((m) => ({
      name: m.name, aliases: m.aliases, family: m.family, resolution: m.resolution,
      macsMillions: m.published.macsMillions, weightsMillions: m.published.weightsMillions, top1: m.top1,
    })), null, 2));
    return;
  }
  const rows = [['model', 'resolution', 'MACs (M)', 'weights (M)', 'top-1 (%)', 'aliases']];
  for (const m of models) {
    rows.push([m.name, String(m.resolution), String(m.published.macsMillions), String(m.published.weightsMillions), String(m.top1), m.aliases.join(', ')]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) io.out(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
}
