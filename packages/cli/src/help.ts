import type { CommandSpec } from './command-spec';
import { COMMANDS } from './commands';
import { FLAGS, type FlagName, type FlagSpec } from './flags';

const SPACES = `spaces: fbnet-micro-28 (default), fbnet-micro-32, fbnet (the paper's 224×224 space);
        DMaskingNAS: fbnetv2-micro-28, fbnetv2-micro-32, fbnetv2 (ImageNet-scale reconstruction);
        or a space file of your own (--space FILE.json: fbnas.space/v1 or fbnas.mask-space/v1), its ops from --ops MODULE.`;
const JOINT_SPACES = 'joint spaces (FBNetV3): nars-micro-28, nars-micro-32, nars-imagenet, or a file of your own (--space FILE.json: fbnas.joint-space/v1).';
const DATA = 'data D: embedded (default; shipped in @fbnas/data), fashion-mnist[:DIR], mnist[:DIR], cifar10[:DIR].';
const ENVIRONMENT = 'environment: FBNAS_BACKEND=tensorflow|wasm|cpu forces a backend; FBNAS_HOME sets the cache folder.';
const EXIT_CODES = 'exit codes: 0 success, 1 failure (the message names the file, field or URL), 2 usage error.';

function flagSpec(command: CommandSpec, name: FlagName): FlagSpec {
  const override = command.flags[name];
  return { ...FLAGS[name], ...(override === true ? {} : override) };
}

function flagWord(name: FlagName, spec: FlagSpec): string {
  return spec.type === 'boolean' ? `--${name}` : `--${name} ${spec.type === 'choice' ? spec.choices!.join('|') : spec.value ?? 'VALUE'}`;
}

/** `fbnas zoo pull NAME [--force] …`: the command's one-line synopsis. */
export function synopsis(command: CommandSpec): string {
  const words = [`fbnas ${command.path}`, ...(command.args ?? [])];
  for (const name of Object.keys(command.flags) as FlagName[]) {
    const word = flagWord(name, flagSpec(command, name));
    words.push(command.required?.includes(name) ? word : `[${word}]`);
  }
  return words.join(' ');
}

/** The global usage text: every command with its summary. */
export function globalUsage(commands: readonly CommandSpec[] = COMMANDS): string {
  return `usage: fbnas <command> [flags]   (fbnas <command> --help for its flags; fbnas --version)\n\n${commands
    .map((command) => `  fbnas ${[command.path, ...(command.args ?? [])].join(' ').padEnd(22)} ${command.summary}`)
    .join('\n')}\n\n${DATA}\n${SPACES}\n${JOINT_SPACES}\n${ENVIRONMENT}\n${EXIT_CODES}`;
}

/** The help of one command: synopsis, summary, and every flag it accepts with its range. */
export function commandHelp(command: CommandSpec): string {
  const rows = (Object.keys(command.flags) as FlagName[]).map((name) => {
    const spec = flagSpec(command, name);
    return `  ${flagWord(name, spec).padEnd(34)} ${spec.description}${command.required?.includes(name) ? ' (required)' : ''}`;
  });
  const notes = command.notes?.length ? `\n\n${command.notes.join('\n')}` : '';
  // The footers that apply: data specs for commands reading data, the kind of space a --space flag takes.
  const footers = [
    ...('data' in command.flags ? [DATA] : []),
    ...('space' in command.flags ? [command.path.startsWith('nars ') ? JOINT_SPACES : SPACES] : []),
    EXIT_CODES,
  ];
  return `usage: ${synopsis(command)}\n\n${command.summary}\n\nflags:\n${rows.join('\n')}${notes}\n\n${footers.join('\n')}`;
}
