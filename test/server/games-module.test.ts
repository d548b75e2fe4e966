import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { liarsDice } from '../../games/liars-dice.js';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { GamesModuleProblem, gamesFromModule, loadGamesModule } from '../../src/server/games-module.js';

const FILE = '/project/src/games.ts';

describe('gamesFromModule', () => {
  it.each([
    ['a default list', { default: [ticTacToe, liarsDice] }],
    ['a named list', { games: [ticTacToe, liarsDice] }],
  ])('takes %s', (_, exports) => {
    expect(gamesFromModule(exports, FILE)).toEqual([ticTacToe, liarsDice]);
  });

  it('takes one game as the default export', () => {
    expect(gamesFromModule({ default: ticTacToe }, FILE)).toEqual([ticTacToe]);
  });

  it.each([
    ['nothing', {}, 'exports no games'],
    ['an empty list', { default: [] }, 'exports an empty list of games'],
    ['a number', { default: 42 }, 'game 1 is number, not a game'],
    ['null in the list', { games: [ticTacToe, null] }, 'game 2 is null, not a game'],
    ['a nameless object', { default: [{ moves: {} }] }, 'game 1 has no name'],
    ['a definition not passed to defineGame', { default: [{ name: 'x', moves: {} }] }, 'was not made by defineGame'],
    ['two games of one name', { default: [ticTacToe, ticTacToe] }, 'two games are named "tic-tac-toe"'],
  ])('refuses %s, naming the file', (_, exports, problem) => {
    const attempt = () => gamesFromModule(exports as Record<string, unknown>, FILE);
    expect(attempt).toThrow(GamesModuleProblem);
    expect(attempt).toThrow(`${FILE}: `);
    expect(attempt).toThrow(problem);
  });
});

describe('loadGamesModule', () => {
  const folder = mkdtempSync(join(tmpdir(), 'turngate-games-module-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('names a missing file', async () => {
    await expect(loadGamesModule(join(folder, 'nope.js'))).rejects.toThrow(`${join(folder, 'nope.js')}: no such file`);
  });

  it('names a file that fails to load, with the reason', async () => {
    const file = join(folder, 'broken.mjs');
    writeFileSync(file, "throw new Error('rules exploded');\n");
    await expect(loadGamesModule(file)).rejects.toThrow(`${file}: could not be loaded: rules exploded`);
  });
});
