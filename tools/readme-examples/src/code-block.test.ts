import { describe, expect, it } from 'vitest';
import { codeBlocks, firstExample } from './code-block';

describe('codeBlocks', () => {
  it('finds fenced blocks with their language, text and line', () => {
    const markdown = '# title\n\n```sh\npnpm add x\n```\n\ntext\n\n```ts\nconst a = 1;\n\nconsole.log(a);\n```\n';
    expect(codeBlocks(markdown)).toEqual([
      { language: 'sh', code: 'pnpm add x\n', line: 3 },
      { language: 'ts', code: 'const a = 1;\n\nconsole.log(a);\n', line: 9 },
    ]);
  });

  it('closes a fence only with the same character, at least as long; a shorter fence is content', () => {
    const markdown = '````md\n```ts\nx\n```\n````\n~~~JS title\ny\n~~~\n';
    expect(codeBlocks(markdown)).toEqual([
      { language: 'md', code: '```ts\nx\n```\n', line: 1 },
      { language: 'js', code: 'y\n', line: 6 },
    ]);
  });

  it('reads CRLF documents and runs an unclosed block to the end', () => {
    expect(codeBlocks('```\r\na\r\n')).toEqual([{ language: '', code: 'a\n', line: 1 }]);
  });
});

describe('firstExample', () => {
  it('skips shell and JSON blocks', () => {
    const markdown = '```sh\npnpm add x\n```\n```json\n{}\n```\n```typescript\nfirst();\n```\n```js\nsecond();\n```\n';
    expect(firstExample(markdown)).toEqual({ language: 'typescript', code: 'first();\n', line: 7 });
  });

  it('is undefined for a README without one', () => {
    expect(firstExample('# cli\n\n```sh\nfbnas demo\n```\n')).toBeUndefined();
  });
});
