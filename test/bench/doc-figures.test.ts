import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DOCS_WITH_FIGURES,
  markedKeys,
  readResults,
  recordedFigures,
  withFigures,
} from '../../bench/report/doc-figures.js';

/**
 * The cost of a move, as the docs quote it, is the recorded benchmark run's (bench/results/full.json)
 * and nothing else: every quoted figure sits between markers that bench/report/doc-figures.ts writes
 * from that file, and this test fails while a page differs from it (run the script to rewrite them).
 */
const root = new URL('../../', import.meta.url);
const figures = recordedFigures(readResults(root));
const read = (doc: string) => readFileSync(new URL(doc, root), 'utf8');
const HEADLINES = ['cost:direct:tic-tac-toe', 'cost:direct:marathon', 'cost:fifo:tic-tac-toe', 'cost:fifo:marathon'];

describe.each(DOCS_WITH_FIGURES)('%s', (doc) => {
  it('quotes the recorded run, as bench/report/doc-figures.ts writes it', () => {
    const text = read(doc);
    expect(withFigures(text, figures), 'run: npx tsx bench/report/doc-figures.ts').toBe(text);
  });

  it('quotes every headline cost from the run', () => {
    expect(markedKeys(read(doc))).toEqual(expect.arrayContaining(HEADLINES));
  });

  // A whole move costs $3 to $8 per million: smaller sums are one line of it (SQS requests, a message).
  it('quotes no per-move cost of its own: each is a marked figure, a target, or an older run named as such', () => {
    const unmarked = read(doc)
      .split('\n')
      .map((line) => line.replace(/<!-- bench:[\w:-]+ -->[\s\S]*?<!-- \/bench -->/g, ''))
      .filter((line) => /per million/.test(line) && /\bmoves?\b/.test(line))
      .flatMap((line) => [...line.matchAll(/\$(\d+\.\d\d)\b/g)].map((match) => ({ line, value: match[1] })))
      .filter(({ value }) => Number(value) >= 3 && Number(value) < 8)
      .filter(({ value, line }) => !['4.40', '6.70'].includes(value ?? '') && !/first measurement|12:49/.test(line));
    expect(unmarked).toEqual([]);
  });
});

it('finds the headline figures in the recorded run', () => {
  for (const key of HEADLINES) expect(figures.get(key), key).toMatch(/^\$\d+\.\d\d$/);
  expect(() => withFigures('<!-- bench:cost:lifo:chess --><!-- /bench -->', figures)).toThrow(/no recorded figure/);
});
