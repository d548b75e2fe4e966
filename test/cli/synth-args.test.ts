import { describe, expect, it } from 'vitest';
import { boardFlags } from '../../src/cli/dev.js';
import { parseSynthArgs } from '../../src/cli/synth.js';
import { UsageProblem } from '../../src/cli/usage-problem.js';

describe('turngate synth and deploy arguments', () => {
  it.each([
    [[], { gamesModule: 'src/games.ts', outdir: 'cdk.out', context: {}, boards: [], cdkArgs: [] }],
    [
      ['lib/games.js', '--out', 'build/cdk', '--stack-name', 'Nim', '-c', 'orderingMode=fifo', '--context', 'a=b=c'],
      {
        gamesModule: 'lib/games.js',
        outdir: 'build/cdk',
        stackName: 'Nim',
        context: { orderingMode: 'fifo', a: 'b=c' },
        boards: [],
        cdkArgs: [],
      },
    ],
    [
      ['--', '--profile', 'games', '--require-approval', 'never'],
      {
        gamesModule: 'src/games.ts',
        outdir: 'cdk.out',
        context: {},
        boards: [],
        cdkArgs: ['--profile', 'games', '--require-approval', 'never'],
      },
    ],
    [
      ['--board', 'src/board.ts', '--board', 'src/other-board.ts'],
      {
        gamesModule: 'src/games.ts',
        outdir: 'cdk.out',
        context: {},
        boards: ['src/board.ts', 'src/other-board.ts'],
        cdkArgs: [],
      },
    ],
  ])('%j', (args, expected) => {
    expect(parseSynthArgs(args)).toEqual(expected);
  });

  it.each([
    [['--out'], '--out needs a value'],
    [['--board'], '--board needs a value'],
    [['-c', 'orderingMode'], '-c takes key=value'],
    [['--region', 'x'], 'unknown option --region'],
    [['a.ts', 'b.ts'], 'one games module, not also b.ts'],
  ])('refuses %j', (args, message) => {
    expect(() => parseSynthArgs(args)).toThrow(UsageProblem);
    expect(() => parseSynthArgs(args)).toThrow(message);
  });
});

describe('turngate dev --board', () => {
  it('takes the board modules out of the flags the server reads', () => {
    const { boards, rest } = boardFlags(['--port', '0', '--board', 'package.json', '--no-watch']);
    expect(boards).toEqual([`${process.cwd()}/package.json`]);
    expect(rest).toEqual(['--port', '0', '--no-watch']);
  });

  it('names a board module that does not exist', () => {
    expect(() => boardFlags(['--board', 'src/nope.ts'])).toThrow(`no board module at ${process.cwd()}/src/nope.ts`);
    expect(() => boardFlags(['--board'])).toThrow('--board needs a module');
  });
});
