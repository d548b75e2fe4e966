import type { MatchSummary } from '../../../src/client/index.js';

/** Who plays a seat of a new match: a person, by the name they sign in with, or one of the game's bots. */
export type SeatChoice = { readonly person: string } | { readonly bot: string };

/** Does a bot play this player's seat (a bot's own seat, or a leaver's it took over)? The panel cannot play it. */
export const playedByBot = (match: MatchSummary, player: string): boolean => Object.hasOwn(match.bots, player);

/** A match's seats as they are, by seat: its people, its bots, and `null` for a free seat. */
export function seatsOf(match: MatchSummary): (SeatChoice | null)[] {
  return Array.from({ length: match.seats }, (_, seat) => {
    const player = match.players[seat];
    if (player === undefined) return null;
    const bot = playedByBot(match, player) ? match.bots[player] : undefined;
    return bot === undefined ? { person: player } : { bot };
  });
}

/** A name nobody at the table has: player-2, player-3… */
export function freeName(players: readonly string[]): string {
  for (let n = players.length + 1; ; n++) {
    const name = `player-${n}`;
    if (!players.includes(name)) return name;
  }
}
