import type { GameInfo, LobbyClient, MatchSummary } from '../../../src/client/index.js';

type TimeControl = NonNullable<MatchSummary['clock']>['control'];

/**
 * Reset: a new match of the same game, with the same players in the same seats and the same time
 * control, listed or private as the old one was. The first player creates it and takes the first
 * seat, the others join in seat order, so a full table starts it; the old match is left as it is.
 */
export async function resetMatch(
  old: MatchSummary,
  game: GameInfo | undefined,
  own: LobbyClient,
  lobbyAs: (player: string) => Promise<LobbyClient>,
): Promise<string> {
  const [first, ...others] = old.players;
  const control = old.clock?.control;
  // A game's default control is what a match gets without asking; asking for it may not be allowed.
  const asked = control !== undefined && !sameControl(control, game?.clock?.default);
  const request = {
    game: old.game,
    seats: old.seats,
    join: first !== undefined,
    ...(asked && { timeControl: control }),
  };
  const creator = first === undefined ? own : await lobbyAs(first);
  const { match, invite } = old.unlisted
    ? await creator.createPrivateMatch(request)
    : { match: await creator.createMatch(request), invite: undefined };
  for (const player of others) {
    await (await lobbyAs(player)).join(match.id, invite === undefined ? {} : { invite });
  }
  return match.id;
}

const sameControl = (a: TimeControl, b: TimeControl | undefined): boolean =>
  b !== undefined && (['turnMs', 'bankMs', 'incrementMs', 'delayMs'] as const).every((field) => a[field] === b[field]);
