import type { Figure } from './figure';

/** A table of a report: a header row and rows of text cells. */
export interface ReportTable {
  /** Column headings; a two-column key/value table has `['', '']`. */
  columns: string[];
  rows: string[][];
}

/** One section of a report: a heading, text, tables and figures, in that order. */
export interface ReportSection {
  heading: string;
  paragraphs: string[];
  tables: ReportTable[];
  figures: Figure[];
}

/**
 * A section; empty lists where nothing is given.
 *
 * @example
 * section('Summary', { tables: [{ columns: ['', ''], rows: [['space', 'fbnet-micro-28']] }] });
 */
export function section(heading: string, parts: Partial<Omit<ReportSection, 'heading'>>): ReportSection {
  return { heading, paragraphs: parts.paragraphs ?? [], tables: parts.tables ?? [], figures: parts.figures ?? [] };
}
