import { describe, expectTypeOf, it } from 'vitest';
import type { liarsDice } from '../../games/liars-dice.js';
import type { ticTacToe } from '../../games/tic-tac-toe.js';
import { createLobbyClient, type GameNameOf } from '../../src/client/index.js';

const options = { baseUrl: 'http://127.0.0.1:8787' };

describe('a lobby client that knows its games takes only their names', () => {
  it('from a union of names', () => {
    const lobby = createLobbyClient<'tic-tac-toe' | 'liars-dice'>(options).withToken('t');
    expectTypeOf(lobby.createMatch).toBeCallableWith({ game: 'tic-tac-toe', join: true });
    expectTypeOf(lobby.matches).toBeCallableWith({ game: 'liars-dice', status: 'waiting' });
    const check = (): void => {
      // @ts-expect-error: no game is called "tic-tac-tow"
      void lobby.createMatch({ game: 'tic-tac-tow' });
      // @ts-expect-error: no game is called "chess"
      void lobby.matches({ game: 'chess' });
    };
    expectTypeOf(check).toBeFunction();
  });

  it('from the games themselves, by their names’ types', () => {
    type Games = readonly [{ readonly name: 'connect-four' }, { readonly name: 'nim' }];
    expectTypeOf<GameNameOf<Games>>().toEqualTypeOf<'connect-four' | 'nim'>();
    expectTypeOf<GameNameOf<{ readonly name: 'nim' }>>().toEqualTypeOf<'nim'>();
    const lobby = createLobbyClient<Games>(options);
    const check = (): void => {
      // @ts-expect-error: no game is called "connect-4"
      void lobby.createMatch({ game: 'connect-4' });
    };
    expectTypeOf(check).toBeFunction();
  });

  it('takes any name when it is not told the games', () => {
    expectTypeOf(createLobbyClient(options).createMatch).toBeCallableWith({ game: 'anything' });
    expectTypeOf<GameNameOf<unknown>>().toEqualTypeOf<string>();
  });

  it('takes the names of games made by defineGame, as their literal types', () => {
    type Games = readonly [typeof ticTacToe, typeof liarsDice];
    expectTypeOf<GameNameOf<Games>>().toEqualTypeOf<'tic-tac-toe' | 'liars-dice'>();
    const lobby = createLobbyClient<Games>(options);
    const check = (): void => {
      // @ts-expect-error: no game is called "tic-tac-tow"
      void lobby.createMatch({ game: 'tic-tac-tow' });
    };
    expectTypeOf(check).toBeFunction();
  });
});
