import type { ReportDocument } from './report-document';
import type { ReportTable } from './report-section';
import { FIGURE_FONT } from './figure';

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example
 * escapeHtml('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body { font-family: ${FIGURE_FONT}; color: #222; margin: 0; background: #f6f6f4; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; background: white; }
h1 { font-size: 26px; margin: 8px 0 4px; }
.folder { color: #666; font-family: monospace; margin: 0 0 16px; }
nav { font-size: 14px; margin-bottom: 8px; }
nav a { margin-right: 14px; color: #2a5d9f; }
h2 { font-size: 20px; border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
p { line-height: 1.5; max-width: 900px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { text-align: left; padding: 4px 14px 4px 0; border-bottom: 1px solid #eee; vertical-align: top; }
th { font-weight: 600; }
figure { margin: 12px 0 28px; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 14px; max-width: 900px; margin-top: 4px; }
footer { color: #888; font-size: 12px; margin-top: 40px; }
`;

/**
 * The report as one self-contained HTML page: inline CSS and inline SVG figures, no script, no external file, font
 * or URL (it opens offline, from `file://`).
 *
 * @param svgs - figure id → rendered SVG (`renderSvg`).
 * @example
 * const html = htmlPage(document, new Map([['losses', svg]]));
 */
export function htmlPage(document: ReportDocument, svgs: ReadonlyMap<string, string>): string {
  const slug = (heading: string) => `section-${heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
  const body = document.sections.map((section) => [
    `<section id="${escapeHtml(slug(section.heading))}">`,
    `<h2>${escapeHtml(section.heading)}</h2>`,
    ...section.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...section.tables.map(tableHtml),
    ...section.figures.map((figure) => [
      `<figure id="${escapeHtml(figure.id)}" class="figure">`,
      `<h3>${escapeHtml(figure.title)}</h3>`,
      scopeIds(stripNamespaces(svgs.get(figure.id) ?? ''), figure.id),
      `<figcaption>${escapeHtml(figure.caption)}</figcaption>`,
      '</figure>',
    ].join('\n')),
    '</section>',
  ].join('\n'));
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(document.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(document.title)}</h1>`,
    `<p class="folder">${escapeHtml(document.dir)}</p>`,
    `<nav>${document.sections.map((s) => `<a href="#${escapeHtml(slug(s.heading))}">${escapeHtml(s.heading)}</a>`).join('')}</nav>`,
    ...body,
    '<footer>Written by fbnas report (@fbnas/report); figures rendered with Vega-Lite.</footer>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function tableHtml(table: ReportTable): string {
  const header = table.columns.some((c) => c !== '') ? `<thead><tr>${table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>` : '';
  const keyValue = table.columns.length === 2 && !header;
  const rows = table.rows.map((row) => `<tr>${row.map((cell, i) => (keyValue && i === 0 ? `<th>${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`);
  return `<table>${header}<tbody>${rows.join('')}</tbody></table>`;
}

/**
 * Prefixes the ids an SVG defines (gradients, clip paths) and its references to them with the figure's id, so that
 * several SVGs on one page never share an id.
 */
function scopeIds(svg: string, prefix: string): string {
  const scoped = (id: string) => `${escapeHtml(prefix)}-${id}`;
  return svg
    .replace(/\sid="([^"]+)"/g, (_, id: string) => ` id="${scoped(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${scoped(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${scoped(id)}"`);
}

/** Inline SVG in HTML needs no namespace declarations; dropping them leaves no URL in the page. */
function stripNamespaces(svg: string): string {
  return svg.replace(/^<svg([^>]*)>/, (_, attributes: string) => `<svg${attributes.replace(/\s+xmlns(:\w+)?="[^"]*"/g, '')}>`);
}
