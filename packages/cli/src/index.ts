import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '@fbnas/backend';
import { makeDirectory } from '@fbnas/train';
import packageJson from '../package.json';
import { CliError, processIo, usageError, type CliIo } from './cli-io';
import type { CommandSpec, Flags } from './command-spec';
import { COMMANDS } from './commands';
import { checkFlag, parseArgsOptions, type FlagName } from './flags';
import { commandHelp, globalUsage } from './help';

export { CliError, exitQuietlyOnClosedPipe, processIo, usageError } from './cli-io';
export { COMMANDS } from './commands';
export type { CommandContext, CommandSpec, Flags } from './command-spec';
export { FLAGS, checkFlag } from './flags';
export type { FlagName, FlagSpec, FlagValue } from './flags';
export { commandHelp, globalUsage, synopsis } from './help';
export type { CliIo } from './cli-io';
export { progressBar } from './progress-bar';
export { searchWorkflow } from './workflows/search-workflow';
export type { DerivedArchitecture, SearchWorkflowOptions, SearchWorkflowResult } from './workflows/search-workflow';
export { trainWorkflow } from './workflows/train-workflow';
export type { TrainWorkflowOptions, TrainWorkflowResult } from './workflows/train-workflow';
export { earlyStop, narsRunWorkflow } from './workflows/nars-run-workflow';
export type { CandidateTrainer, CandidateTraining, NarsCandidate, NarsRunOptions, NarsRunResult, NarsRunSettings } from './workflows/nars-run-workflow';
export { DEMO_BETA, DEMO_RECIPE, demoWorkflow } from './workflows/demo-workflow';
export type { DemoOptions, RandomBaselinePoint, RandomComparison } from './workflows/demo-workflow';
export { SEARCH_RECIPES, SEARCH_RECIPE_SUMMARIES } from './workflows/search-recipes';
export type { SearchRecipe } from './workflows/search-recipes';
export { randomWithinCost } from './workflows/random-within-cost';
export { atResolution, loadData } from './workflows/load-data';
export { maskSearchWorkflow } from './workflows/mask-search-workflow';
export { fixResolution, resolutionPickWorkflow } from './workflows/resolution-pick-workflow';
export { architecturePickWorkflow } from './workflows/architecture-pick-workflow';
export type { ArchitectureCandidate, ArchitecturePickResult, ArchitecturePickWorkflowOptions } from './workflows/architecture-pick-workflow';
export type { PickTraining } from './workflows/pick-training';
export type { ResolutionCandidate, ResolutionPickResult, ResolutionPickTraining, ResolutionPickWorkflowOptions } from './workflows/resolution-pick-workflow';
export { opsFromFlag } from './ops-flag';
export { createEvaluationHandlers } from './evaluation/evaluation-handlers';
export { createLocalEvaluator } from './evaluation/local-evaluator';
export { NARS_CANDIDATE_JOB, narsCandidatePayload, trainNarsCandidate } from './evaluation/nars-candidate-job';
export type { NarsCandidatePayload } from './evaluation/nars-candidate-job';
export { TRAIN_JOB, retrainJob, trainJobPayload } from './evaluation/train-job';
export type { TrainJobPayload, TrainJobValue } from './evaluation/train-job';
export { MAX_SPACE_FILE_BYTES, spaceFromFlag } from './space-flag';
export type { SpaceFlag } from './space-flag';
export type { MaskDerivedArchitecture, MaskSearchTarget, MaskSearchWorkflowOptions, MaskSearchWorkflowResult } from './workflows/mask-search-workflow';

/** The version of @fbnas/cli. */
export const VERSION: string = packageJson.version;

/** The usage text (every command; `fbnas <command> --help` has each one's flags). */
export const USAGE = globalUsage();

const GROUPS = [...new Set(COMMANDS.filter((c) => c.path.includes(' ')).map((c) => c.path.split(' ')[0]!))];

/** The command named by the leading words, and how many words its path took. */
function findCommand(words: readonly string[]): { command: CommandSpec; length: number } | undefined {
  for (const length of [2, 1]) {
    const command = COMMANDS.find((c) => c.path === words.slice(0, length).join(' '));
    if (command) return { command, length };
  }
  return undefined;
}

/** Throws the usage error for words that name no command. */
function unknownCommand(words: readonly string[]): never {
  const [group, action] = words;
  if (GROUPS.includes(group!)) {
    const actions = COMMANDS.filter((c) => c.path.startsWith(`${group} `)).map((c) => c.path.split(' ')[1]);
    throw usageError(group!, action === undefined ? `missing command; expected ${actions.join(', ')}` : `unknown command '${action}'; expected ${actions.join(', ')}`);
  }
  throw usageError('', `unknown command '${group}'; expected ${[...new Set(COMMANDS.map((c) => c.path.split(' ')[0]))].join(', ')}`);
}

/** The leading words of `argv` that are not flags (a best guess of the command, for error messages). */
function leadingWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (const word of argv) {
    if (word.startsWith('-')) break;
    words.push(word);
  }
  return words;
}

/**
 * Runs the fbnas command line with `argv` (without `node` and the script) and returns the exit code:
 * 0 on success, 1 for failures, 2 for usage errors (unknown command or flag, a flag that does not apply to the
 * command, a value out of range, a missing argument). Every command that touches tensors gets a tfjs backend
 * (`selectBackend`) here, before it runs. Messages go to `io` (default: the process streams).
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let running: { command: CommandSpec; flags: Flags } | undefined;
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: { ...parseArgsOptions(), version: { type: 'boolean', short: 'V' } }, allowPositionals: true, strict: true, tokens: true });
    } catch (error) {
      const found = findCommand(leadingWords(argv));
      throw usageError(found?.command.path ?? '', (error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
    }
    const { positionals, tokens } = parsed;
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.version) {
      io.out(VERSION);
      return 0;
    }
    const words = positionals[0] === 'help' ? positionals.slice(1) : positionals;
    const wantsHelp = values.help === true || positionals[0] === 'help';
    if (words.length === 0) {
      if (wantsHelp) {
        io.out(USAGE);
        return 0;
      }
      io.error(USAGE);
      return 2;
    }
    const found = findCommand(words);
    if (!found && wantsHelp && words.length === 1 && GROUPS.includes(words[0]!)) {
      io.out(globalUsage(COMMANDS.filter((command) => command.path.startsWith(`${words[0]} `))));
      return 0;
    }
    if (!found) unknownCommand(words);
    const { command, length } = found;
    if (wantsHelp) {
      io.out(commandHelp(command));
      return 0;
    }
    const flags = checkFlags(command, tokens);
    const args = words.slice(length);
    const expected = command.args ?? [];
    if (args.length < expected.length) throw usageError(command.path, `missing ${expected.slice(args.length).join(' ')}`);
    if (args.length > expected.length) throw usageError(command.path, `unexpected argument '${args[expected.length]}'`);
    if (typeof flags.out === 'string') await checkOutFlag(flags.out);
    if (command.backend) await selectBackend({ onWarning: (message) => io.error(message) });
    running = { command, flags };
    await command.run({ flags, args, io });
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.error(running ? withOpsHint(message, running.command, running.flags) : message);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

/** An `unknown op 'x'` failure of a command that takes `--ops`, given without it, points at the flag. */
function withOpsHint(message: string, command: CommandSpec, flags: Flags): string {
  const unknown = /unknown op '([^']+)'/.exec(message);
  if (unknown === null || command.flags.ops === undefined || flags.ops !== undefined) return message;
  return `${message}\n(is '${unknown[1]}' an op of your own? give the ES module that exports its spec with --ops MODULE)`;
}

/** Creates `--out`'s parent folder now, so that an impossible place fails at once, before any work. */
async function checkOutFlag(out: string): Promise<void> {
  try {
    await makeDirectory(dirname(resolve(out)));
  } catch (error) {
    throw new CliError(`--out ${out}: ${(error as Error).message}`);
  }
}

/** The command's flags from parseArgs tokens: each one accepted by the command, in range, required ones present. */
function checkFlags(command: CommandSpec, tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>): Flags {
  const flags: Flags = {};
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === 'help') continue;
    const name = token.name as FlagName;
    const override = command.flags[name];
    if (override === undefined) {
      const accepted = Object.keys(command.flags).map((flag) => `--${flag}`).join(', ') || 'none';
      throw usageError(command.path, `--${name} does not apply to this command (its flags: ${accepted})`);
    }
    flags[name] = checkFlag(command.path, name, token.value ?? true, override === true ? {} : override);
  }
  for (const name of command.required ?? []) {
    if (flags[name] === undefined) throw usageError(command.path, `missing --${name}`);
  }
  return flags;
}
