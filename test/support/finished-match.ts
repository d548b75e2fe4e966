import type { TicTacToe } from '../../games/tic-tac-toe.js';
import { connectGame, type LobbyClient } from '../../src/client/index.js';

export interface Player {
  readonly token: string;
  readonly lobby: LobbyClient;
}

/**
 * A tic-tac-toe match `x` creates and `o` joins, played to x's win along the top row: five moves
 * through the real WebSocket path. Answers the match's id.
 */
export async function finishedMatch(wsUrl: string, x: Player, o: Player): Promise<string> {
  const match = await x.lobby.createMatch({ game: 'tic-tac-toe', join: true });
  await o.lobby.join(match.id);
  const [first, second] = [x, o].map(({ token }) => connectGame<TicTacToe>({ url: wsUrl, matchId: match.id, token }));
  if (first === undefined || second === undefined) throw new Error('no clients');
  try {
    for (const [client, cell] of [
      [first, 0],
      [second, 3],
      [first, 1],
      [second, 4],
      [first, 2],
    ] as const) {
      await client.move.place({ cell });
    }
  } finally {
    first.close();
    second.close();
  }
  return match.id;
}
