import type { LiarsDice } from '../../games/liars-dice.js';
import { connectGame, createLobbyClient, type GameClient, type LobbyClient } from '../../src/client/index.js';
import type { TimeControl } from '../../src/engine/index.js';
import { stateWhere } from '../client/support/events.js';

export interface Seat {
  readonly name: string;
  readonly userId: string;
  readonly token: string;
  readonly lobby: LobbyClient;
  readonly client: GameClient<LiarsDice>;
}

export interface Table {
  readonly id: string;
  readonly seats: readonly Seat[];
  /** Plays until `done` says stop (or the match ends): each step by whoever may act, through the SDK. */
  playUntil(done: (steps: number) => boolean): Promise<number>;
  /** The named player leaves the running match (`POST /leave`), and everyone sees it. */
  leave(name: string): Promise<void>;
  close(): void;
}

/**
 * A Liar's Dice match on a running server, each player signed in (development sign-in) and
 * connected with the SDK. Play is scripted and plain: the opener of a round bids one 1, the next
 * player raises to one 2, the one after calls it a lie; someone loses a die every round, so a match
 * ends within three rounds a die.
 */
export async function liarsDiceTable(
  server: { url: string; wsUrl: string },
  names: readonly string[],
  timeControl?: TimeControl,
): Promise<Table> {
  const anonymous = createLobbyClient({ baseUrl: server.url });
  const tag = Math.random().toString(36).slice(2, 8);
  const signedIn = await Promise.all(
    names.map(async (name) => {
      const { token, userId } = await anonymous.signIn(`${name}-${tag}`);
      return { name, token, userId, lobby: anonymous.withToken(token) };
    }),
  );
  const [first, ...rest] = signedIn;
  if (first === undefined) throw new Error('a table needs players');
  const match = await first.lobby.createMatch({
    game: 'liars-dice',
    seats: names.length,
    join: true,
    ...(timeControl && { timeControl }),
  });
  for (const other of rest) await other.lobby.join(match.id);
  const seats: Seat[] = signedIn.map((player) => ({
    ...player,
    client: connectGame<LiarsDice>({
      url: server.wsUrl,
      matchId: match.id,
      token: player.token,
      backoff: { initialMs: 1, maxMs: 20 },
    }),
  }));
  await Promise.all(seats.map((seat) => stateWhere(seat.client, (state) => state.status === 'running')));

  const everyoneAt = (version: number) =>
    Promise.all(seats.map((seat) => stateWhere(seat.client, (state) => state.version >= version)));

  async function step(): Promise<boolean> {
    const state = seats[0]?.client.state;
    if (state?.status !== 'running') return false;
    const mover = seats.find((seat) => seat.userId === state.currentPlayer);
    const view = mover?.client.state?.view;
    if (mover === undefined || !view) throw new Error(`nobody to move at version ${state.version}`);
    const { bid } = view;
    const ack =
      bid === null
        ? await mover.client.move.bid({ quantity: 1, face: 1 })
        : bid.face === 1
          ? await mover.client.move.bid({ quantity: 1, face: 2 })
          : await mover.client.move.challenge();
    await everyoneAt(ack.version);
    return true;
  }

  return {
    id: match.id,
    seats,
    async playUntil(done) {
      let steps = 0;
      while (!done(steps) && (await step())) steps += 1;
      return steps;
    },
    async leave(name) {
      const seat = seats.find((candidate) => candidate.name === name);
      if (seat === undefined) throw new Error(`no player ${name}`);
      await seat.lobby.leave(match.id);
      // In fifo mode the leave waits its turn in the queue: wait until everyone sees it settled.
      await Promise.all(seats.map((other) => stateWhere(other.client, (state) => state.left.includes(seat.userId))));
    },
    close: () => {
      for (const seat of seats) seat.client.close();
    },
  };
}
