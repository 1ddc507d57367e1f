import type { CliIo } from '../cli-io';
import type { Flags } from '../command-spec';
import { opsFromFlag } from '../ops-flag';
import { spaceFromFlag } from '../space-flag';
import { dnasSearchCommand } from './dnas-search';
import { maskSearchCommand } from './mask-search';
import { checkSearchFlags } from './search-flags';
import { searchDryRun } from './search-dry-run';

/**
 * `fbnas search`: resolves `--ops` and `--space` (a built-in name or a space file), checks the flags against the
 * space's kind, then runs FBNet's DNAS search on an `fbnas.space/v1` space (`dnasSearchCommand`), FBNetV2's
 * DMaskingNAS search on an `fbnas.mask-space/v1` one (`maskSearchCommand`), or either's one-step `--dry-run`.
 */
export async function searchCommand(rawFlags: Flags, io: CliIo, out: string): Promise<void> {
  const ops = await opsFromFlag(rawFlags.ops as string | undefined);
  const space = spaceFromFlag('search', (rawFlags.space as string | undefined) ?? 'fbnet-micro-28', ops);
  const flags = checkSearchFlags(rawFlags, out, space, ops);
  if (flags.dryRun) return searchDryRun(flags, io);
  return space.kind === 'mask' ? maskSearchCommand(flags, space.space, io) : dnasSearchCommand(flags, space.space, io);
}
