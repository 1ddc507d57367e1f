import type { CliIo } from './cli-io';
import type { FlagName, FlagSpec, FlagValue } from './flags';

/** The parsed, checked flags of one command line (only those given, plus defaults the command applies itself). */
export type Flags = Partial<Record<FlagName, FlagValue>>;

/** What a command's `run` receives. */
export interface CommandContext {
  /** Checked flag values (numbers already parsed and in range). */
  flags: Flags;
  /** Positional arguments after the command's path (e.g. the model NAME). */
  args: string[];
  io: CliIo;
}

/**
 * One `fbnas` command: its path (`zoo pull`), positional arguments, the flags it accepts, whether it needs a tfjs
 * backend (selected once by `main` before `run`), and its help text. Adding a command is one entry in
 * `COMMANDS` plus its file under `commands/`.
 */
export interface CommandSpec {
  /** Words after `fbnas` (`search`, `zoo pull`). */
  path: string;
  /** Positional arguments, all required (`NAME`). */
  args?: readonly string[];
  /** One line: what the command does. */
  summary: string;
  /** Accepted flags; a partial spec narrows the flag's range for this command. */
  flags: Partial<Record<FlagName, true | Partial<FlagSpec>>>;
  /** Flags that must be given. */
  required?: readonly FlagName[];
  /** Flags only valid together with another: `{ lut: 'cost latency' }` style notes are checked by `run`. */
  notes?: readonly string[];
  /** Select a tfjs backend before `run` (every command that touches tensors). */
  backend: boolean;
  run(context: CommandContext): Promise<void> | void;
}
