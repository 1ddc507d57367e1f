import { readFile } from 'node:fs/promises';
import { ReportInputError } from './report-input-error';

/**
 * Reads and parses one JSON file.
 *
 * @throws ReportInputError naming the file when it is missing or not JSON.
 * @example
 * const config = await readJsonFile('runs/a/config.json');
 */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readText(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ReportInputError(file, '', `not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Reads a JSON-lines file (one JSON value per line, as run folders' logs): the parsed lines, blank lines skipped.
 * A last line without its newline that does not parse is a write cut short by an interrupted run and is dropped;
 * any other line that does not parse is an error.
 *
 * @throws ReportInputError naming the file and line.
 * @example
 * const lines = await readJsonLinesFile('runs/a/log.jsonl'); // [{ epoch: 0, … }, …]
 */
export async function readJsonLinesFile(file: string): Promise<unknown[]> {
  const text = await readText(file);
  const lines = text.split('\n');
  const values: unknown[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line) as unknown);
    } catch (error) {
      const tornLastLine = index === lines.length - 1 && !text.endsWith('\n');
      if (tornLastLine) break;
      throw new ReportInputError(file, `line ${index + 1}`, `not valid JSON (${(error as Error).message})`);
    }
  }
  return values;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReportInputError(file, '', code === 'ENOENT' ? 'no such file' : `cannot be read (${(error as Error).message})`);
  }
}
