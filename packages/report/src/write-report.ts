import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildReport, type BuildReportOptions, type ReportDocument } from './report-document';
import { htmlPage } from './html-page';
import { readRunFolder } from './read-run-folder';
import { renderSvg } from './render-svg';
import type { RunKind } from './run-folder-kind';

/** Options of `writeReport`. */
export interface WriteReportOptions extends BuildReportOptions {
  /** The HTML file to write (default `<dir>/report.html`); its folder is created. */
  out?: string;
}

/** What `writeReport` wrote. */
export interface WrittenReport {
  /** The HTML file. */
  path: string;
  /** The folder's kind. */
  kind: RunKind;
  /** Number of figures on the page. */
  figures: number;
  /** Size of the page in bytes. */
  bytes: number;
}

/**
 * Renders the report of a run folder as one self-contained HTML page (inline SVG figures, no script, nothing
 * fetched). Pure rendering, nothing written.
 *
 * @throws ReportInputError naming the file and field of the first problem in the folder.
 * @example
 * const { html } = await renderReport('runs/my-search');
 */
export async function renderReport(dir: string, options: BuildReportOptions = {}): Promise<{ html: string; document: ReportDocument }> {
  const document = buildReport(await readRunFolder(dir), options);
  const figures = document.sections.flatMap((section) => section.figures);
  const svgs = new Map<string, string>();
  for (const figure of figures) svgs.set(figure.id, await renderSvg(figure.spec));
  return { html: htmlPage(document, svgs), document };
}

/**
 * Writes the report of a run folder (a DNAS or DMaskingNAS search, a training run, an experiment, or a demo) as
 * one self-contained HTML page, atomically: a temporary file in the same folder, then a rename, so a reader
 * never sees half a page.
 *
 * @throws ReportInputError naming the file and field of the first problem in the folder.
 * @example
 * const { path } = await writeReport('runs/my-search', { ops: createBuiltinOpSpecRegistry() }); // 'runs/my-search/report.html'
 */
export async function writeReport(dir: string, options: WriteReportOptions = {}): Promise<WrittenReport> {
  const { html, document } = await renderReport(dir, options);
  const path = options.out ?? join(dir, 'report.html');
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, html);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { path, kind: document.kind, figures: document.sections.reduce((n, s) => n + s.figures.length, 0), bytes: Buffer.byteLength(html) };
}
