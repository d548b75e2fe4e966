import type { ServerMessage, StateMessage } from '../../src/protocol/index.js';
import { runningMatch, ScriptedClient, signIn } from './local-client.js';

/** One step of a scripted game: who sends which move. */
export interface ScriptedMove {
  readonly player: 'alice' | 'bob';
  readonly move: string;
  readonly args: unknown;
}

const place = (player: 'alice' | 'bob', cell: number): ScriptedMove => ({ player, move: 'place', args: { cell } });

/** X takes the top row while O plays the middle one: alice (X) wins on the fifth move. */
export const TIC_TAC_TOE_SCRIPT: readonly ScriptedMove[] = [
  place('alice', 0),
  place('bob', 3),
  place('alice', 1),
  place('bob', 4),
  place('alice', 2),
];

const choose = (player: 'alice' | 'bob', hand: string): ScriptedMove => ({ player, move: 'choose', args: { hand } });

/** A tie, then alice wins two rounds: each round alice chooses first, then bob. */
export const ROCK_PAPER_SCISSORS_SCRIPT: readonly ScriptedMove[] = [
  choose('alice', 'rock'),
  choose('bob', 'rock'),
  choose('alice', 'paper'),
  choose('bob', 'rock'),
  choose('alice', 'scissors'),
  choose('bob', 'paper'),
];

const isState = (message: ServerMessage): message is StateMessage => message.type === 'state';

export interface PlayedGame {
  readonly matchId: string;
  /** Every message each player received, with the match id replaced so runs compare. */
  readonly messages: Record<'alice' | 'bob', unknown[]>;
  readonly finalStates: Record<'alice' | 'bob', StateMessage>;
}

/** Tic-tac-toe to the end (TIC_TAC_TOE_SCRIPT). */
export const playTicTacToe = (server: { url: string; wsUrl: string }, prefix = ''): Promise<PlayedGame> =>
  playScripted(server, 'tic-tac-toe', TIC_TAC_TOE_SCRIPT, prefix);

/** Rock-paper-scissors to the end (ROCK_PAPER_SCISSORS_SCRIPT): both may act, but they take turns here. */
export const playRockPaperScissors = (server: { url: string; wsUrl: string }, prefix = ''): Promise<PlayedGame> =>
  playScripted(server, 'rock-paper-scissors', ROCK_PAPER_SCISSORS_SCRIPT, prefix);

/**
 * Two scripted clients play a game to the end with the real protocol: connect, `sync`, then the
 * script's moves one at a time, each player waiting for its ack and the other for the new state.
 */
export async function playScripted(
  server: { url: string; wsUrl: string },
  game: string,
  script: readonly ScriptedMove[],
  prefix = '',
): Promise<PlayedGame> {
  const names = { alice: `${prefix}alice`, bob: `${prefix}bob` };
  const tokens = { alice: await signIn(server.url, names.alice), bob: await signIn(server.url, names.bob) };
  const matchId = await runningMatch(server.url, game, [tokens.alice, tokens.bob]);
  const clients = {
    alice: await ScriptedClient.connect(server.wsUrl, { game: matchId, token: tokens.alice }),
    // Browsers send the token in the query string; exercise both ways.
    bob: await ScriptedClient.connect(server.wsUrl, { game: matchId, token: tokens.bob, via: 'query' }),
  };
  try {
    // The sync reply's ledger says where each player's move numbers start (protocol/move-ledger.ts).
    const nextSeq = { alice: 0, bob: 0 };
    for (const [player, client] of Object.entries(clients) as ['alice' | 'bob', ScriptedClient][]) {
      client.send({ action: 'sync' });
      const synced = (await client.next(isState, 'the synced state')) as StateMessage;
      nextSeq[player] = (synced.ledger?.settled ?? 0) + 1;
    }
    for (const [index, step] of script.entries()) {
      const id = `move-${index}`;
      const seq = nextSeq[step.player]++;
      const mover = clients[step.player];
      const other = clients[step.player === 'alice' ? 'bob' : 'alice'];
      mover.send({ action: 'move', id, seq, move: step.move, args: step.args });
      const acked = await mover.next(
        (message) => isState(message) && message.ack?.id === id && message.ack.seq === seq,
        `the ack of ${id}`,
      );
      const version = (acked as StateMessage).version;
      await other.next((message) => isState(message) && message.version === version, `version ${version}`);
    }
    const last = (client: ScriptedClient) => client.received.filter(isState).at(-1) as StateMessage;
    const anonymize = (message: ServerMessage) => anonymized(message, matchId, names);
    return {
      matchId,
      messages: { alice: clients.alice.received.map(anonymize), bob: clients.bob.received.map(anonymize) },
      finalStates: { alice: last(clients.alice), bob: last(clients.bob) },
    };
  } finally {
    await Promise.all(Object.values(clients).map((client) => client.close()));
  }
}

/**
 * A message with this run's match id and player names replaced by placeholders, so runs on different
 * wirings compare equal (the parity tests).
 */
export function anonymized(
  message: unknown,
  matchId: string,
  names: { readonly alice: string; readonly bob: string },
): unknown {
  return JSON.parse(
    JSON.stringify(message)
      .replaceAll(matchId, '<match>')
      .replaceAll(names.alice, '<alice>')
      .replaceAll(names.bob, '<bob>'),
  ) as unknown;
}
