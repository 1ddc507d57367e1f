import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { describe, expect, it } from 'vitest';
import { copyFixture, demoFolder, temporaryDir, type FixtureName } from './__fixtures__/fixture-folders';
import { buildReport } from './report-document';
import { readRunFolder } from './read-run-folder';
import { renderSvg } from './render-svg';
import { writeReport } from './write-report';

const ops = createBuiltinOpSpecRegistry();

/** The `<svg>…</svg>` elements of a page. */
function svgElements(html: string): string[] {
  return html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
}

const FIGURES: Record<FixtureName | 'demo', string[]> = {
  'dnas-search': ['losses', 'accuracies', 'temperature', 'cost', 'theta-over-epochs', 'theta-final', 'theta-per-epoch', 'architecture'],
  'mask-search': ['losses', 'accuracies', 'temperature', 'cost', 'theta-over-epochs', 'theta-final', 'theta-per-epoch', 'architecture'],
  train: ['train-loss', 'train-accuracy', 'learning-rate', 'train-architecture'],
  experiment: ['accuracy-latency', 'accuracy-macs'],
  'nars-run': ['nars-early-stop', 'nars-curves', 'nars-candidates', 'nars-predicted', 'nars-evolved'],
  'multitask-search': ['multitask-keep', 'multitask-loss-classification', 'multitask-loss-segmentation', 'multitask-loss-box', 'multitask-macs'],
  demo: ['losses', 'accuracies', 'temperature', 'cost', 'theta-over-epochs', 'theta-final', 'theta-per-epoch', 'architecture', 'train-loss', 'train-accuracy', 'learning-rate', 'train-architecture'],
};

describe('writeReport', () => {
  it.each(Object.keys(FIGURES) as (FixtureName | 'demo')[])('writes a self-contained page for a %s folder, every figure with its marks', async (name) => {
    const dir = name === 'demo' ? await demoFolder() : await copyFixture(name);
    const written = await writeReport(dir, { ops });
    expect(written).toMatchObject({ path: join(dir, 'report.html'), figures: FIGURES[name].length });
    const html = await readFile(written.path, 'utf8');
    expect(written.bytes).toBe(Buffer.byteLength(html));
    expect([...html.matchAll(/<figure id="([^"]+)"/g)].map((m) => m[1])).toEqual(FIGURES[name]);
    const svgs = svgElements(html);
    expect(svgs).toHaveLength(FIGURES[name].length);
    for (const svg of svgs) expect(/class="mark-(symbol|line|rect|text)[^"]*"[^>]*>\s*<(path|line|rect|text)/.test(svg)).toBe(true);
    // Nothing to fetch: no script, stylesheet link, image, URL (other than references inside the page) or @import.
    expect(html.match(/<script|<link|<img|<iframe|https?:\/\/|url\((?!#)|@import/gi)).toBeNull();
    // Ids (gradients, clip paths) are unique on the page.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(new Set(ids).size);
    expect((await readdir(dir)).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('adds the searched-vs-random figures to a demo folder with compare-random/ (fbnas demo --compare-random)', async () => {
    const written = await writeReport(await demoFolder({ compareRandom: true }), { ops });
    const html = await readFile(written.path, 'utf8');
    expect([...html.matchAll(/<figure id="([^"]+)"/g)].map((m) => m[1])).toEqual([...FIGURES.demo, ...FIGURES.experiment]);
    expect(html).toContain('Against random architectures');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it('renders every figure without a Vega-Lite or Vega warning', async () => {
    const warnings: string[] = [];
    for (const dir of [await copyFixture('dnas-search'), await copyFixture('mask-search'), await copyFixture('train'), await copyFixture('experiment'), await copyFixture('nars-run'), await copyFixture('multitask-search')]) {
      const document = buildReport(await readRunFolder(dir), { ops });
      for (const figure of document.sections.flatMap((s) => s.figures)) await renderSvg(figure.spec, { onWarning: (m) => warnings.push(`${figure.id}: ${m}`) });
    }
    expect(warnings).toEqual([]);
  });

  it('writes to --out, creating its folder, and escapes names taken from the files', async () => {
    const dir = await copyFixture('experiment');
    const file = join(dir, 'experiment.json');
    const experiment = JSON.parse(await readFile(file, 'utf8')) as { title: string; points: { name: string }[] };
    experiment.title = '<script>alert("title")</script>';
    experiment.points[0]!.name = '<script>alert(1)</script>';
    await writeFile(file, JSON.stringify(experiment));
    const out = join(await temporaryDir(), 'new', 'folder', 'page.html');
    expect((await writeReport(dir, { out })).path).toBe(out);
    const html = await readFile(out, 'utf8');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;');
  });

  it('leaves no temporary file when the page cannot be written', async () => {
    const dir = await copyFixture('train');
    const out = join(dir, 'taken');
    await mkdir(join(out, 'inside'), { recursive: true });
    await expect(writeReport(dir, { out })).rejects.toThrow();
    expect((await readdir(dir)).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('works without op specs: blocks drawn by latency or width', async () => {
    const { html } = await import('./write-report').then(async (m) => m.renderReport(await copyFixture('mask-search')));
    expect(html).toContain('output channels');
  });
});
