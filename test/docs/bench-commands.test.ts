import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/**
 * docs/benchmarks.md records each figure with the command that measured it, inline in its prose (the
 * runs themselves take minutes on a quiet machine, so no test repeats them). What a test can hold is
 * that every such command still names a script that exists and only flags that script reads: a
 * renamed or dropped flag would otherwise leave the page telling readers to run something that
 * silently ignores it.
 */
describe('the bench commands docs/benchmarks.md records', () => {
  const commands = [...read('docs/benchmarks.md').matchAll(/`((?:npm run bench --|npx tsx bench\/)[^`]*)`/g)].map(
    ([, command]) => (command as string).replace(/\s+/g, ' ').trim(),
  );

  it('are there to check', () => {
    expect(commands.length).toBeGreaterThan(5);
  });

  it.each(commands)('%s: its script exists and reads each flag it is given', (command) => {
    const script = command.startsWith('npm run bench') ? 'bench/run.ts' : (command.split(' ')[2] as string);
    expect(existsSync(new URL(script, root)), script).toBe(true);
    const source = read(script);
    for (const [, name] of command.matchAll(/\s--([a-z][a-z-]*)/g)) {
      // A switch (`argv.includes('--no-idle')`) or a valued flag (`flag('matches')`, `--matches=`).
      const read = [`'--${name}'`, `'${name}'`, `--${name}=`, `"--${name}"`].some((form) => source.includes(form));
      expect(read, `${script} --${name}`).toBe(true);
    }
  });
});
