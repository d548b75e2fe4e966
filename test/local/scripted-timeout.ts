import type { ServerMessage, StateMessage } from '../../src/protocol/index.js';
import { api, ScriptedClient, signIn } from './local-client.js';
import { anonymized } from './scripted-game.js';

const isState = (message: ServerMessage): message is StateMessage => message.type === 'state';

export interface TimedOutGame {
  readonly matchId: string;
  /** Every message each player received, ids and clock times replaced so runs compare. */
  readonly messages: Record<'alice' | 'bob', unknown[]>;
}

/**
 * Tic-tac-toe with a one-second move limit, decided by the server's own timer: alice (X) lets her
 * first second run out, and the runtime's scheduler ends the match for bob. (Nobody moves, so no
 * move races the deadline on a slow machine.)
 */
export async function playUntilTimeout(server: { url: string; wsUrl: string }, prefix = 't-'): Promise<TimedOutGame> {
  const names = { alice: `${prefix}alice`, bob: `${prefix}bob` };
  const tokens = { alice: await signIn(server.url, names.alice), bob: await signIn(server.url, names.bob) };
  const created = await api<{ match: { id: string } }>(server.url, '/api/matches', {
    token: tokens.alice,
    body: { game: 'tic-tac-toe', timeControl: { turnMs: 1_000 } },
  });
  const matchId = created.body.match.id;
  const clients = {
    alice: await ScriptedClient.connect(server.wsUrl, { game: matchId, token: tokens.alice }),
    bob: await ScriptedClient.connect(server.wsUrl, { game: matchId, token: tokens.bob }),
  };
  try {
    for (const token of [tokens.alice, tokens.bob]) {
      await api(server.url, `/api/matches/${matchId}/join`, { token, body: {} });
    }
    // The lobby pushes the started match to both, then the timeout.
    for (const client of Object.values(clients)) {
      await client.next((message) => isState(message) && message.timeout !== undefined, 'the timeout');
    }
    const anonymize = (message: ServerMessage) => {
      const clock = isState(message) && message.clock;
      const timeless = clock
        ? {
            ...message,
            clock: {
              ...clock,
              startedAt: 't',
              turnStartedAt: clock.turnStartedAt && 't',
              deadline: clock.deadline && 't',
              running: clock.running.map((turn) => ({ ...turn, since: 't', deadline: turn.deadline && 't' })),
              now: 't',
            },
          }
        : message;
      return anonymized(timeless, matchId, names);
    };
    return {
      matchId,
      messages: { alice: clients.alice.received.map(anonymize), bob: clients.bob.received.map(anonymize) },
    };
  } finally {
    await Promise.all(Object.values(clients).map((client) => client.close()));
  }
}
