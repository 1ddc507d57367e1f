import { countArch, type OpSpecRegistry } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import type { CliIo } from '../cli-io';
import { zooFromFlag } from '../zoo-flag';

/** Rounds `value` to `decimals` places (how the reference publishes millions). */
function roundTo(value: number, decimals: number): number {
  return Math.round(value * 10 ** decimals) / 10 ** decimals;
}

/**
 * `fbnas zoo info NAME [--json]`: counted MACs and weights (reference conventions) beside the published ones,
 * the framework's full parameter count, resolution, reference top-1 and the weights' licence. `ops` (`--ops`): the
 * registry the architecture's ops resolve to (default: the built-ins).
 */
export async function zooInfoCommand(name: string, options: { json: boolean; manifest?: string; ops?: OpSpecRegistry }, io: CliIo): Promise<void> {
  const zoo = await zooFromFlag(options.manifest);
  const info = zoo.modelInfo(name);
  const count = countArch(zoo.loadArchitecture(info.name), options.ops ?? createBuiltinOpSpecRegistry());
  const decimals = info.published.decimals;
  const counted = {
    macs: count.macs,
    weights: count.weights,
    macsMillions: roundTo(count.macs / 1e6, decimals),
    weightsMillions: roundTo(count.weights / 1e6, decimals),
    biases: count.biases,
    trainable: count.trainable,
    bnRunningStats: count.bnStats,
    frameworkParams: count.frameworkParams,
  };
  const report = {
    name: info.name,
    aliases: info.aliases,
    family: info.family,
    resolution: info.resolution,
    evalResize: info.evalResize,
    top1: info.top1,
    counted,
    published: info.published,
    matchesPublished: {
      macs: counted.macsMillions === info.published.macsMillions,
      weights: counted.weightsMillions === info.published.weightsMillions,
    },
    weights: { url: info.checkpoint.url, urlVerified: info.checkpoint.urlVerified, sha256: info.checkpoint.sha256, licence: info.checkpoint.licence },
  };
  if (options.json) {
    io.out(JSON.stringify(report, null, 2));
    return;
  }
  const mark = (ok: boolean) => (ok ? 'matches published' : 'DIFFERS from published');
  io.out(`${info.name} (${info.family}; aliases: ${info.aliases.join(', ') || 'none'})`);
  io.out(`  input: ${info.resolution}×${info.resolution} (eval resize ${info.evalResize}), reference top-1 ${info.top1} %`);
  io.out(`  MACs:    ${counted.macsMillions} M counted, ${info.published.macsMillions} M published (${mark(report.matchesPublished.macs)})`);
  io.out(`  weights: ${counted.weightsMillions} M counted, ${info.published.weightsMillions} M published (${mark(report.matchesPublished.weights)})`);
  io.out(`  framework parameters: ${counted.frameworkParams} (${counted.trainable} trainable + ${counted.bnRunningStats} BN running statistics)`);
  io.out(`  weights: ${info.checkpoint.url} (licence ${info.checkpoint.licence}${info.checkpoint.urlVerified ? '' : '; URL unverified'})`);
}
