import type { GameInfo, LobbyClient, MatchSummary } from '../../../src/client/index.js';

import { type SeatChoice, seatsOf } from './seats.js';

type TimeControl = NonNullable<MatchSummary['clock']>['control'];

/**
 * Reset: a new match of the same game, seated as `seats` say (by default as the old one is), with the
 * same time control, listed or private as the old one was; the old match is left as it is.
 *
 * The server seats bots only as it creates a match, each in the next free seat after its creator's:
 * so the first person creates it (taking the first seat unless a bot sits there), the bots sit next,
 * and the other people join in seat order; a table nobody sat at yet is made by the signed-in user. Seats keep their order where the bots sit side by side
 * from the first or the second seat, which every two-seat table does.
 */
export async function resetMatch(
  old: MatchSummary,
  game: GameInfo | undefined,
  own: LobbyClient,
  lobbyAs: (player: string) => Promise<LobbyClient>,
  seats: readonly (SeatChoice | null)[] = seatsOf(old),
): Promise<string> {
  const people = seats.flatMap((seat) => (seat !== null && 'person' in seat ? [seat.person] : []));
  const bots = seats.flatMap((seat) => (seat !== null && 'bot' in seat ? [seat.bot] : []));
  const [first, ...others] = people;
  // The server refuses a table of bots alone (nobody to play for); the panel never asks for one.
  if (first === undefined && bots.length > 0) throw new Error('a match needs a person in one seat at least');
  const control = old.clock?.control;
  // A game's default control is what a match gets without asking; asking for it may not be allowed.
  const asked = control !== undefined && !sameControl(control, game?.clock?.default);
  const botFirst = seats[0] !== null && seats[0] !== undefined && 'bot' in seats[0];
  const request = {
    game: old.game,
    seats: old.seats,
    join: first !== undefined && !botFirst,
    ...(bots.length > 0 && { bots }),
    ...(asked && { timeControl: control }),
  };
  const creator = first === undefined ? own : await lobbyAs(first);
  const { match, invite } = old.unlisted
    ? await creator.createPrivateMatch(request)
    : { match: await creator.createMatch(request), invite: undefined };
  for (const player of botFirst ? people : others) {
    await (await lobbyAs(player)).join(match.id, invite === undefined ? {} : { invite });
  }
  return match.id;
}

const sameControl = (a: TimeControl, b: TimeControl | undefined): boolean =>
  b !== undefined && (['turnMs', 'bankMs', 'incrementMs', 'delayMs'] as const).every((field) => a[field] === b[field]);
