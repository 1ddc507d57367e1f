// The report in a real browser: Debian's chromium (headless) opens each kind of page from file://, takes a
// screenshot and dumps the DOM it built. Skipped only where chromium is missing and CI is unset; in CI a missing
// chromium fails (CI installs it: `apt-get install -y chromium`).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { copyFixture, demoFolder, temporaryDir, type FixtureName } from './__fixtures__/fixture-folders';
import { writeReport } from './write-report';

const run = promisify(execFile);

/** The first chromium on PATH (Debian names it `chromium`). */
function findChromium(): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (directory && existsSync(join(directory, name))) return join(directory, name);
    }
  }
  return undefined;
}

const chromium = findChromium();
const inCi = Boolean(process.env.CI);
const SKIP_MESSAGE = 'chromium is not installed (Debian: apt-get install -y chromium); set CI=1 to make this an error';
if (!chromium && !inCi) console.warn(`report-browser.test.ts skipped: ${SKIP_MESSAGE}`);

/** Where the page is shown: wide enough for every figure, tall enough for the first few. */
const WINDOW = { width: 1200, height: 2000 };

/** Opens `file` in headless chromium: the screenshot (PNG) and the DOM after loading. */
async function openInChromium(file: string): Promise<{ png: PNG; dom: string; screenshot: string }> {
  if (!chromium) throw new Error('chromium not found on PATH: CI must install it (apt-get install -y chromium)');
  const scratch = await temporaryDir();
  const screenshot = join(scratch, 'screenshot.png');
  const { stdout } = await run(chromium, [
    '--headless', '--disable-gpu', '--no-sandbox', '--disable-dev-shm-usage', '--no-first-run', '--hide-scrollbars',
    `--user-data-dir=${join(scratch, 'profile')}`, `--window-size=${WINDOW.width},${WINDOW.height}`, `--screenshot=${screenshot}`, '--dump-dom',
    pathToFileURL(file).href,
  ], { timeout: 60_000, maxBuffer: 64 * 2 ** 20 });
  return { png: PNG.sync.read(await readFile(screenshot)), dom: stdout, screenshot };
}

/** Share of the pixels that are not (near) white: about 3 % of the first 2000 px of a report, 0 for a blank page. */
function inkOf(png: PNG): { nonWhite: number } {
  let nonWhite = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i]! < 235 || png.data[i + 1]! < 235 || png.data[i + 2]! < 235) nonWhite += 1;
  }
  return { nonWhite: nonWhite / (png.width * png.height) };
}

const KINDS: (FixtureName | 'demo')[] = ['dnas-search', 'mask-search', 'train', 'experiment', 'nars-run', 'multitask-search', 'demo'];


describe.skipIf(!chromium && !inCi)('the report in headless chromium', () => {
  it('finds chromium', () => {
    expect(chromium, 'chromium not found on PATH: CI must install it (apt-get install -y chromium)').toBeDefined();
  });

  it.each(KINDS)('shows the report of the %s folder: a non-blank screenshot and every figure’s SVG with its marks', async (kind) => {
    const dir = kind === 'demo' ? await demoFolder() : await copyFixture(kind);
    const { path, figures } = await writeReport(dir, { ops: createBuiltinOpSpecRegistry() });
    // The control: the same page with each SVG replaced by an empty box of its size (same layout, no figures).
    const withoutFigures = join(dir, 'without-figures.html');
    await writeFile(withoutFigures, (await readFile(path, 'utf8')).replace(/<svg[^>]*?width="(\d+)" height="(\d+)"[\s\S]*?<\/svg>/g, '<div style="width:$1px;height:$2px"></div>'));
    const [page, control] = await Promise.all([openInChromium(path), openInChromium(withoutFigures)]);
    expect([page.png.width, page.png.height]).toEqual([WINDOW.width, WINDOW.height]);
    const ink = inkOf(page.png);
    const controlInk = inkOf(control.png);
    expect(ink.nonWhite, `${page.screenshot}: too few non-white pixels`).toBeGreaterThan(0.01);
    expect(ink.nonWhite - controlInk.nonWhite, `${page.screenshot}: the figures add no ink to the page (${control.screenshot} without them)`).toBeGreaterThan(0.005);
    const svgs = page.dom.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(figures);
    for (const svg of svgs) {
      const marks = svg.match(/<g class="mark-[a-z]+ role-mark[^"]*"[^>]*>\s*<(path|rect|line|text)\b/g) ?? [];
      expect(marks.length, 'an SVG without data marks').toBeGreaterThan(0);
    }
  });
});

describe.skipIf(Boolean(chromium) || inCi)('the report in headless chromium', () => {
  it.skip(`skipped: ${SKIP_MESSAGE}`, () => {});
});
