import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The fenced code blocks of this repository's docs, and what each is for (CONTRIBUTING.md, "Docs that
 * run"): a shell block runs line by line in a project made from the packed package; a TypeScript
 * block whose first line names a file (`// src/games.ts`) is written there and typechecked, and runs
 * when the page's commands run it; a block after `<!-- illustrative: why -->` is not run. Data
 * (json, text) is not code. An untagged fence says nothing, so it is refused.
 */
export const REPO = join(import.meta.dirname, '..', '..');

/** The pages whose blocks are run or marked: the README and every page under docs/. */
export const DOC_PAGES: readonly string[] = [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join('docs', name)),
];

const SHELL = new Set(['sh', 'bash', 'shell', 'console']);
const SCRIPT = new Set(['ts', 'typescript', 'tsx', 'js', 'javascript', 'mjs']);
const DATA = new Set(['json', 'jsonc', 'text', 'txt', 'yaml', 'yml', 'html', 'css', 'diff']);

export type BlockKind = 'shell' | 'file' | 'illustrative' | 'data';

export interface CodeBlock {
  /** The page, relative to the repository: `docs/first-game.md`. */
  readonly page: string;
  /** The line of the opening fence, from 1. */
  readonly line: number;
  readonly language: string;
  readonly code: string;
  readonly kind: BlockKind;
  /** Why an illustrative block is not run. */
  readonly reason?: string;
  /** Where a file block goes in the project, from its first line. */
  readonly path?: string;
}

/** A block that is neither run nor marked, with what is wrong with it. */
export interface UnclassifiedBlock {
  readonly page: string;
  readonly line: number;
  readonly problem: string;
}

const ILLUSTRATIVE = /^<!--\s*illustrative:\s*(.*?)\s*-->$/;
const FILE_LINE = /^\/\/\s+([\w./-]+\.(?:[cm]?[jt]sx?))\s*$/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;

/** Every fenced block of `page`, classified; blocks that break the convention are in `problems`. */
export function codeBlocks(page: string): { blocks: CodeBlock[]; problems: UnclassifiedBlock[] } {
  const lines = readFileSync(join(REPO, page), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  const problems: UnclassifiedBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', language = ''] = open;
    const body: string[] = [];
    let end = index + 1;
    for (; end < lines.length && !(lines[end] ?? '').trim().startsWith(fence); end++) {
      body.push((lines[end] ?? '').startsWith(indent) ? (lines[end] ?? '').slice(indent.length) : (lines[end] ?? ''));
    }
    const line = index + 1;
    const marker = ILLUSTRATIVE.exec(previousLine(lines, index));
    const code = `${body.join('\n')}\n`;
    index = end;
    if (marker) {
      if (!marker[1]) problems.push({ page, line, problem: 'an illustrative block must say why it is not run' });
      else blocks.push({ page, line, language, code, kind: 'illustrative', reason: marker[1] });
      continue;
    }
    if (language === '') {
      problems.push({ page, line, problem: 'a fence needs a language (sh, ts, json, text…)' });
    } else if (DATA.has(language)) {
      blocks.push({ page, line, language, code, kind: 'data' });
    } else if (SHELL.has(language)) {
      blocks.push({ page, line, language, code, kind: 'shell' });
    } else if (SCRIPT.has(language)) {
      const path = FILE_LINE.exec(body[0] ?? '')?.[1];
      if (path) blocks.push({ page, line, language, code, kind: 'file', path });
      else problems.push({ page, line, problem: 'code that runs names its file on its first line (// src/x.ts)' });
    } else {
      problems.push({
        page,
        line,
        problem: `no rule runs "${language}" blocks: mark it illustrative, or tag it as data`,
      });
    }
  }
  return { blocks, problems };
}

/** The last line before the fence that is not blank: where an illustrative marker goes. */
function previousLine(lines: readonly string[], index: number): string {
  for (let before = index - 1; before >= 0; before--) {
    const text = (lines[before] ?? '').trim();
    if (text !== '') return text;
  }
  return '';
}

/** The pages that have blocks to run, in the order the docs test runs them. */
export const runnablePages = (): string[] =>
  DOC_PAGES.filter((page) => codeBlocks(page).blocks.some((block) => block.kind === 'shell' || block.kind === 'file'));

/** The code of the block that `page` writes to `path` (its first line, naming the file, included). */
export function fileBlock(page: string, path: string): string {
  const block = codeBlocks(page).blocks.find((candidate) => candidate.kind === 'file' && candidate.path === path);
  if (!block) throw new Error(`${page} has no block for ${path}`);
  return block.code;
}
