import { canonicalKeep } from './block-runs';
import {
  MULTITASK_LAYOUT_REVISIONS, MULTITASK_TASKS, multitaskLayout, pruneLayout, taskMacs, type MultitaskLayout, type MultitaskLayoutRevision, type MultitaskTask,
} from './multitask-layout';

/** The format name of a task's derived architecture document. */
export const TASK_ARCHITECTURE_FORMAT = 'fbnas.multitask-arch/v1';

/**
 * One task's architecture from a multi-task search, as a plain document: the layout it comes from (by its options)
 * and the searchable blocks its network keeps. A single-task trainer needs nothing else (`taskNetworkLayout`).
 */
export interface TaskArchitecture {
  format: typeof TASK_ARCHITECTURE_FORMAT;
  name: string;
  task: MultitaskTask;
  layout: MultitaskLayout['options'];
  /** Kept searchable blocks that reach the task's head, in layout order. */
  keep: string[];
  /** Per-image MACs of its network. */
  macs: number;
}

/**
 * Task `task`'s architecture for a keep mask over `layout.skippable` (blocks not reaching its head are left out).
 * Masks that give the same network give the same document: each run of interchangeable blocks keeps its first ones
 * (`canonicalKeep`).
 */
export function deriveTaskArchitecture(layout: MultitaskLayout, task: MultitaskTask, keep: readonly (0 | 1)[], name = `${layout.name}-${task}`): TaskArchitecture {
  if (keep.length !== layout.skippable.length) throw new Error(`deriveTaskArchitecture: expected ${layout.skippable.length} keep flags, got ${keep.length}`);
  const canonical = canonicalKeep(layout, keep);
  const kept = layout.skippable.filter((b, i) => canonical[i] === 1 && b.tasks.includes(task)).map((b) => b.id);
  return { format: TASK_ARCHITECTURE_FORMAT, name, task, layout: layout.options, keep: kept, macs: taskMacs(layout, task, keep) };
}

/**
 * Checks a task architecture document; errors name the source and the field
 * (`v5/box.arch.json: keep[1]: expected a searchable block of the layout (s1.p2.0, …), got 'x'`).
 */
export function parseTaskArchitecture(value: unknown, source = 'task architecture'): TaskArchitecture {
  const fail = (field: string, detail: string): never => {
    throw new Error(`${source}: ${field}: ${detail}`);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('(document)', 'expected a JSON object');
  const doc = value as Record<string, unknown>;
  if (doc.format !== TASK_ARCHITECTURE_FORMAT) fail('format', `expected ${JSON.stringify(TASK_ARCHITECTURE_FORMAT)}, got ${JSON.stringify(doc.format)}`);
  if (typeof doc.name !== 'string' || doc.name === '') fail('name', 'expected a non-empty string');
  if (!(MULTITASK_TASKS as readonly unknown[]).includes(doc.task)) fail('task', `expected one of ${MULTITASK_TASKS.join(', ')}, got ${JSON.stringify(doc.task)}`);
  const options = doc.layout as Record<string, unknown> | undefined;
  if (options === null || typeof options !== 'object') return fail('layout', 'expected the layout options { inputSize, inputChannels, classes, widths, revision }');
  for (const field of ['inputSize', 'inputChannels', 'classes'] as const) {
    if (!Number.isInteger(options[field]) || (options[field] as number) < 1) fail(`layout.${field}`, `expected a positive integer, got ${JSON.stringify(options[field])}`);
  }
  const widths = options.widths;
  if (!Array.isArray(widths) || widths.length !== 3 || !widths.every((w) => Number.isInteger(w) && w > 0)) fail('layout.widths', `expected three positive integers, got ${JSON.stringify(widths)}`);
  // Documents written before layouts had revisions are revision 1.
  const revision = options.revision ?? 1;
  if (!(MULTITASK_LAYOUT_REVISIONS as readonly unknown[]).includes(revision)) fail('layout.revision', `expected one of ${MULTITASK_LAYOUT_REVISIONS.join(', ')}, got ${JSON.stringify(revision)}`);
  let layout: MultitaskLayout;
  try {
    layout = multitaskLayout({ ...(options as MultitaskLayout['options']), revision: revision as MultitaskLayoutRevision });
  } catch (error) {
    return fail('layout', (error as Error).message);
  }
  const ids = layout.skippable.map((b) => b.id);
  if (!Array.isArray(doc.keep)) fail('keep', 'expected an array of searchable block ids');
  (doc.keep as unknown[]).forEach((id, i) => {
    if (typeof id !== 'string' || !ids.includes(id)) fail(`keep[${i}]`, `expected a searchable block of the layout (${ids.join(', ')}), got ${JSON.stringify(id)}`);
  });
  const architecture = { ...(doc as unknown as TaskArchitecture), layout: layout.options };
  const macs = taskMacs(layout, architecture.task, keepMask(layout, architecture));
  if (doc.macs !== macs) fail('macs', `expected ${macs} (the network's count), got ${JSON.stringify(doc.macs)}`);
  return architecture;
}

/** The keep mask over `layout.skippable` of an architecture. */
export function keepMask(layout: MultitaskLayout, architecture: Pick<TaskArchitecture, 'keep'>): (0 | 1)[] {
  return layout.skippable.map((b) => (architecture.keep.includes(b.id) ? 1 : 0));
}

/** The layout of an architecture's own network (`pruneLayout` of its layout and keep mask). */
export function taskNetworkLayout(architecture: TaskArchitecture): MultitaskLayout {
  const layout = multitaskLayout(architecture.layout);
  return pruneLayout(layout, architecture.task, keepMask(layout, architecture));
}
