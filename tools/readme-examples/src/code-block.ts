/** A fenced code block of a Markdown document. */
export interface CodeBlock {
  /** The info string's first word, lower-cased (`ts`, `sh`, …); empty when the fence has none. */
  readonly language: string;
  /** The block's text, without the fences. */
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

const OPENING_FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;

/**
 * Every fenced code block of a Markdown document, in order (CommonMark fences: three or more backticks or
 * tildes, closed by a fence of the same character at least as long; an unclosed block runs to the end).
 *
 * @example
 * codeBlocks('text\n```ts\nconsole.log(1);\n```\n'); // [{ language: 'ts', code: 'console.log(1);\n', line: 2 }]
 */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop(); // the final line break ends the last line
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const opening = OPENING_FENCE.exec(lines[index] ?? '');
    if (!opening) continue;
    const fence = opening[1] ?? '```';
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !closing.test(lines[end] ?? '')) body.push(lines[end++] ?? '');
    blocks.push({ language: (opening[2] ?? '').toLowerCase(), code: body.map((text) => `${text}\n`).join(''), line: index + 1 });
    index = end;
  }
  return blocks;
}

/** The languages whose blocks count as a package's usage example. */
export const EXAMPLE_LANGUAGES: readonly string[] = ['ts', 'typescript', 'mts', 'js', 'javascript', 'mjs'];

/** Whether a block is TypeScript (`ts`, `typescript`, `mts`) rather than JavaScript. */
export function isTypeScript(block: CodeBlock): boolean {
  return ['ts', 'typescript', 'mts'].includes(block.language);
}

/**
 * The first TypeScript or JavaScript block of a README: the package's first usage example, or undefined.
 *
 * @example
 * firstExample(readFileSync('packages/core/README.md', 'utf8'))?.code;
 */
export function firstExample(markdown: string): CodeBlock | undefined {
  return codeBlocks(markdown).find((block) => EXAMPLE_LANGUAGES.includes(block.language));
}
