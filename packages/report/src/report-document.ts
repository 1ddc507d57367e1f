import type { OpSpecRegistry } from '@fbnas/core';
import { experimentSections } from './experiment-sections';
import type { RunFolder } from './read-run-folder';
import type { ReportSection } from './report-section';
import type { RunKind } from './run-folder-kind';
import { multitaskSections } from './multitask-sections';
import { narsSections } from './nars-sections';
import { searchSections } from './search-sections';
import { trainSections } from './train-sections';

/** A report before rendering: what the HTML page will show, with the figures as Vega-Lite specifications. */
export interface ReportDocument {
  /** Page title (`Search fbnet-micro-28`). */
  title: string;
  /** The folder the report is of. */
  dir: string;
  kind: RunKind;
  sections: ReportSection[];
}

/** Options of `buildReport` (and `writeReport`). */
export interface BuildReportOptions {
  /**
   * Op specs to count each block's MACs with (`createBuiltinOpSpecRegistry()` of `@fbnas/ops/specs`). Without
   * them, block diagrams show latency from the run's table, or widths.
   */
  ops?: OpSpecRegistry;
}

/**
 * Builds the report of a run folder: sections with summary tables and figure specifications (pure: nothing is
 * rendered or written).
 *
 * @example
 * const document = buildReport(await readRunFolder('runs/my-search'), { ops: createBuiltinOpSpecRegistry() });
 * document.sections.flatMap((s) => s.figures).map((f) => f.id); // ['losses', 'accuracies', …]
 */
export function buildReport(run: RunFolder, options: BuildReportOptions = {}): ReportDocument {
  switch (run.kind) {
    case 'search':
    case 'mask-search':
      return { title: `${run.kind === 'search' ? 'DNAS search' : 'DMaskingNAS search'}: ${run.setting.name}`, dir: run.dir, kind: run.kind, sections: searchSections(run, options.ops) };
    case 'train':
      return { title: `Training: ${run.setting.name}`, dir: run.dir, kind: run.kind, sections: trainSections(run, options.ops) };
    case 'experiment':
      return { title: run.experiment.title ?? 'Experiment: searched vs random architectures', dir: run.dir, kind: run.kind, sections: experimentSections(run.experiment) };
    case 'nars':
      return { title: `FBNetV3 (NARS) run: ${run.space}`, dir: run.dir, kind: run.kind, sections: narsSections(run) };
    case 'multitask':
      return { title: `FBNetV5 multi-task search: ${run.tasks.map((t) => t.task).join(', ')}`, dir: run.dir, kind: run.kind, sections: multitaskSections(run) };
    case 'demo':
      return {
        title: `fbnas demo: ${run.search.setting.name}`, dir: run.dir, kind: run.kind,
        sections: [
          ...searchSections(run.search, options.ops),
          ...(run.train ? trainSections(run.train, options.ops).map((section) => ({ ...section, heading: `Retraining: ${section.heading.toLowerCase()}` })) : []),
          ...(run.comparison ? experimentSections(run.comparison).map((section) => ({ ...section, heading: `Against random architectures: ${section.heading.toLowerCase()}` })) : []),
        ],
      };
  }
}
