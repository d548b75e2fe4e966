import { describe, expect, it } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { createMatch } from '../../src/engine/index.js';
import { accepted } from '../engine/helpers.js';

describe('the example games registry', () => {
  it('serves every example game, each under its own name', () => {
    const names = exampleGames.map((game) => game.name);
    expect(names).toEqual(['tic-tac-toe', 'liars-dice', 'rock-paper-scissors', 'sealed-bid']);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(exampleGames.map((game) => [game.name, game] as const))('%s can create a match', (_name, game) => {
    expect(accepted(createMatch(game, { seed: 'x' })).game).toBe(game.name);
  });
});
