import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PerMoveCost } from '../cost/per-move.js';
import { perMoveReport } from '../cost/per-move-bench.js';
import { type BenchResults, bytesTable, costTable } from './report.js';

/**
 * The figures the docs quote from the recorded benchmark run, written from it so that no page can
 * quote another. Each quote sits between markers, `<!-- bench:KEY -->$4.25<!-- /bench -->`, which
 * Markdown does not show; `npx tsx bench/report/doc-figures.ts` rewrites what is between them from
 * bench/results/full.json, and test/bench/doc-figures.test.ts fails while any page differs from it.
 *
 * Keys: `cost:<mode>:<game>` ($ per million moves at one move per invocation; mode `direct`, `fifo`
 * or `fifo-full` for full SQS batches; game `tic-tac-toe` or `marathon`), the same with `:plain` (no
 * dollar sign, for a table cell), `recorded-at` (the run's start, UTC), and the run's reports as
 * `npm run bench` printed them: `per-move-report` (one move per invocation, both ordering modes),
 * `bytes-per-move-report` (a 10,000-move game), `load-cost-report` (tic-tac-toe at N = 10 on aws-local).
 */
export const RESULTS_FILE = 'bench/results/full.json';
export const DOCS_WITH_FIGURES = ['docs/benchmarks.md', 'docs/deploy.md'] as const;

const MARKED = /<!-- bench:([\w:-]+) -->([\s\S]*?)<!-- \/bench -->/g;

export function recordedFigures(results: BenchResults): ReadonlyMap<string, string> {
  const figures = new Map<string, string>();
  for (const cost of results.perMove?.costs ?? []) {
    const key = `cost:${costMode(cost)}:${cost.game}`;
    const value = cost.total.toFixed(2);
    figures.set(key, `$${value}`);
    figures.set(`${key}:plain`, value);
  }
  figures.set('recorded-at', `${results.startedAt.slice(0, 16).replace('T', ' ')} UTC`);
  if (results.perMove) figures.set('per-move-report', `\n\n${perMoveReport(results.perMove)}\n\n`);
  if (results.bytesPerMove) figures.set('bytes-per-move-report', `\n\n${bytesTable(results.bytesPerMove)}\n\n`);
  const aws = results.costs.find((cost) => cost.server === 'turngate-aws-local' && cost.game === 'tic-tac-toe');
  if (aws) figures.set('load-cost-report', `\n\n${costTable(aws.cost)}\n\n`);
  return figures;
}

const costMode = (cost: PerMoveCost): string => (cost.batching === 'full' ? `${cost.mode}-full` : cost.mode);

/** `text` with every marked figure written from `figures`; a marker naming no figure is an error. */
export function withFigures(text: string, figures: ReadonlyMap<string, string>): string {
  return text.replace(MARKED, (_whole, key: string) => {
    const figure = figures.get(key);
    if (figure === undefined) throw new Error(`no recorded figure "${key}" (known: ${[...figures.keys()].join(', ')})`);
    return `<!-- bench:${key} -->${figure}<!-- /bench -->`;
  });
}

/** The keys a page quotes. */
export const markedKeys = (text: string): string[] => [...text.matchAll(MARKED)].map((match) => match[1] as string);

export const readResults = (root: URL): BenchResults =>
  JSON.parse(readFileSync(new URL(RESULTS_FILE, root), 'utf8')) as BenchResults;

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('../../', import.meta.url);
  const figures = recordedFigures(readResults(root));
  for (const doc of DOCS_WITH_FIGURES) {
    const file = fileURLToPath(new URL(doc, root));
    const text = readFileSync(file, 'utf8');
    const written = withFigures(text, figures);
    if (written !== text) writeFileSync(file, written);
    console.log(`${doc}: ${markedKeys(text).length} figures${written === text ? '' : ' (rewritten)'}`);
  }
}
