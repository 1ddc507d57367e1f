import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { objectFields } from './json-fields';
import { readJsonFile, readJsonLinesFile } from './read-json-file';
import { expectedInput, ReportInputError } from './report-input-error';

/** One epoch of an FBNetV5 search (a line of its `log.jsonl`). */
export interface MultitaskLogLine {
  /** 0-based epoch. */
  epoch: number;
  /** Each task's mean loss on the sampled architectures (its head's loss: cross-entropy, per-pixel cross-entropy, box L1). */
  losses: Record<string, number>;
  /** With a held-out split (`policySplit`), after the warm-up: each task's mean loss on the held-out batches that scored the policies. */
  heldOutLosses?: Record<string, number>;
  /** Each task's keep probabilities π^t, one per searchable block (0–1). */
  keep: Record<string, number[]>;
  /** MACs per image of each task's most likely architecture at the epoch's end. */
  macs: Record<string, number>;
  /** Wall-clock seconds of the epoch. */
  seconds: number;
}

/** One searchable block of the layout: its id and the tasks whose heads it reaches. */
export interface MultitaskBlock {
  id: string;
  /** `undefined` for folders written before config.json described the blocks (every task assumed). */
  tasks?: string[];
  /** Its run of interchangeable blocks (`s2.p4`: which of them a network keeps does not matter, only how many). */
  run?: string;
}

/** An `fbnas multitask search` folder (FBNetV5). */
export interface MultitaskRun {
  kind: 'multitask';
  dir: string;
  /** The layout's name (`fbnetv5-micro`). */
  layout: string;
  /** The data (`fashion-mnist/train+canvas56`) and its image count. */
  data: { name: string; count: number };
  seed: number;
  /** Planned epochs, of which the first `warmupEpochs` train only the weights. */
  epochs: number;
  warmupEpochs: number;
  /** The searched tasks with their loss weights and MAC budgets (per image). */
  tasks: { task: string; weight: number; targetMacs: number }[];
  /** The searchable blocks, in the order of each policy's entries. */
  blocks: MultitaskBlock[];
  log: MultitaskLogLine[];
  /** Once finished (`search-result.json`): each task's most likely architecture (keep flags) and its MACs. */
  result?: { task: string; architecture: (0 | 1)[]; macs: number }[];
}

/**
 * Reads and checks an FBNetV5 search folder: `config.json` (`multitaskSearch`, `layout`, `data`, and in newer folders
 * `blocks`), `log.jsonl` and, when finished, `search-result.json`.
 *
 * @throws ReportInputError naming the file and field of the first problem.
 */
export async function readMultitaskRun(dir: string): Promise<MultitaskRun> {
  const configFile = join(dir, 'config.json');
  const config = objectFields(await readJsonFile(configFile), configFile);
  const search = config.object('multitaskSearch');
  const tasks = search.array('tasks').map((value, index) => {
    const fields = objectFields(value, configFile, `multitaskSearch.tasks[${index}]`);
    return { task: fields.string('task'), weight: fields.number('weight', { min: 0 }), targetMacs: fields.number('targetMacs', { min: 0 }) };
  });
  if (tasks.length === 0) throw config.fail('multitaskSearch.tasks', 'at least one task', []);
  const data = config.object('data');
  const logFile = join(dir, 'log.jsonl');
  const lines = existsSync(logFile) ? await readJsonLinesFile(logFile) : [];
  const log = lines.map((line, index): MultitaskLogLine => {
    const fields = objectFields(line, logFile, '', `line ${index + 1}: `);
    const keep = fields.object('keep');
    const heldOut = fields.optionalObject('heldOutLosses') === undefined ? undefined : fields.numberRecord('heldOutLosses');
    return {
      epoch: fields.number('epoch', { min: 0 }),
      losses: fields.numberRecord('losses'),
      ...(heldOut === undefined ? {} : { heldOutLosses: heldOut }),
      keep: Object.fromEntries(tasks.map(({ task }) => [task, keep.array(task).map((p, b) => {
        if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw expectedInput(logFile, `line ${index + 1}: keep.${task}[${b}]`, 'a probability from 0 to 1', p);
        return p;
      })])),
      macs: fields.numberRecord('macs', { min: 0 }),
      seconds: fields.number('seconds', { min: 0 }),
    };
  });
  const width = log[0]?.keep[tasks[0]!.task]?.length ?? 0;
  const described = config.value.blocks === undefined ? undefined : config.array('blocks').map((value, index): MultitaskBlock => {
    const fields = objectFields(value, configFile, `blocks[${index}]`);
    const run = fields.optionalString('run');
    return { id: fields.string('id'), tasks: fields.array('tasks').map(String), ...(run === undefined ? {} : { run }) };
  });
  let blocks: MultitaskBlock[] = described ?? Array.from({ length: width }, (_, b) => ({ id: `block ${b + 1}` }));
  const resultFile = join(dir, 'search-result.json');
  let result: MultitaskRun['result'];
  if (existsSync(resultFile)) {
    const fields = objectFields(await readJsonFile(resultFile), resultFile);
    const ids = fields.array('blocks').map(String);
    if (described === undefined) blocks = ids.map((id) => ({ id }));
    result = fields.array('tasks').map((value, index) => {
      const task = objectFields(value, resultFile, `tasks[${index}]`);
      const architecture = task.array('architecture').map((flag, b) => {
        if (flag !== 0 && flag !== 1) throw task.fail(`architecture[${b}]`, '0 or 1', flag);
        return flag as 0 | 1;
      });
      return { task: task.string('task'), architecture, macs: task.number('macs', { min: 0 }) };
    });
  }
  for (const [index, line] of log.entries()) {
    for (const { task } of tasks) {
      if (line.keep[task]!.length !== blocks.length) {
        throw new ReportInputError(logFile, `line ${index + 1}: keep.${task}`, `expected ${blocks.length} keep probabilities (one per searchable block), got ${line.keep[task]!.length}`);
      }
    }
  }
  return {
    kind: 'multitask', dir, layout: config.string('layout'), data: { name: data.string('name'), count: data.number('count', { min: 0 }) },
    seed: search.number('seed'), epochs: search.number('epochs', { min: 1 }), warmupEpochs: search.number('warmupEpochs', { min: 0 }), tasks, blocks, log,
    ...(result === undefined ? {} : { result }),
  };
}
