import type { ServerMessage, StateMessage } from '../../src/protocol/index.js';
import { runningMatch, ScriptedClient, signIn } from './local-client.js';

/** X takes the top row while O plays the middle one: alice (X) wins on the fifth move. */
export const TIC_TAC_TOE_SCRIPT: readonly { player: 'alice' | 'bob'; cell: number }[] = [
  { player: 'alice', cell: 0 },
  { player: 'bob', cell: 3 },
  { player: 'alice', cell: 1 },
  { player: 'bob', cell: 4 },
  { player: 'alice', cell: 2 },
];

const isState = (message: ServerMessage): message is StateMessage => message.type === 'state';

export interface PlayedGame {
  readonly matchId: string;
  /** Every message each player received, with the match id replaced so runs compare. */
  readonly messages: Record<'alice' | 'bob', unknown[]>;
  readonly finalStates: Record<'alice' | 'bob', StateMessage>;
}

/**
 * Two scripted clients play tic-tac-toe to the end with the real protocol: connect, `sync`, then
 * alternate moves, each player waiting for its ack and the other for the new state.
 */
export async function playTicTacToe(server: { url: string; wsUrl: string }, prefix = ''): Promise<PlayedGame> {
  const names = { alice: `${prefix}alice`, bob: `${prefix}bob` };
  const tokens = { alice: await signIn(server.url, names.alice), bob: await signIn(server.url, names.bob) };
  const matchId = await runningMatch(server.url, 'tic-tac-toe', [tokens.alice, tokens.bob]);
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
    for (const [index, step] of TIC_TAC_TOE_SCRIPT.entries()) {
      const id = `move-${index}`;
      const seq = nextSeq[step.player]++;
      const mover = clients[step.player];
      const other = clients[step.player === 'alice' ? 'bob' : 'alice'];
      mover.send({ action: 'move', id, seq, move: 'place', args: { cell: step.cell } });
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
