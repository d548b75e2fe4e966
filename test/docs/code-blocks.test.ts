import { describe, expect, it } from 'vitest';
import { SYNTH_NEEDS } from '../../src/cli/synth.js';
import { shellLines } from '../package/support/docs-runner.js';
import { codeBlocks, DOC_PAGES, runnablePages } from './code-blocks.js';

/**
 * The convention of CONTRIBUTING.md, "Docs that run": every block of the README and docs/ either runs
 * (test/package/packed-package.test.ts follows each page that has blocks to run, against the packed
 * package) or says why it does not. This file checks the marking, in a second; that one runs them.
 */
describe('the docs’ code blocks', () => {
  it.each(DOC_PAGES)('%s: each block runs, or is marked illustrative with a reason', (page) => {
    expect(codeBlocks(page).problems).toEqual([]);
  });

  it('the first game and the README are among the pages the packed-package test follows', () => {
    expect(runnablePages()).toEqual(expect.arrayContaining(['README.md', 'docs/first-game.md']));
  });

  it('first-game.md installs exactly what turngate synth checks for, and the CDK command line to deploy', () => {
    const installs = codeBlocks('docs/first-game.md')
      .blocks.filter((block) => block.kind === 'shell')
      .flatMap(shellLines)
      .filter((line) => line.startsWith('npm install --save-dev'));
    expect(installs).toHaveLength(1);
    const named = (installs[0] ?? '').replace('npm install --save-dev', '').trim().split(/\s+/);
    // esbuild is not there: turngate itself depends on it.
    expect(named.sort()).toEqual([...SYNTH_NEEDS.filter((name) => name !== 'esbuild'), 'aws-cdk'].sort());
  });
});
