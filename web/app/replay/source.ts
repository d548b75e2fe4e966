import { exampleGames } from '../../../games/index.js';
import type { LobbyClient, MatchState, ReplayExport, ReplayPosition } from '../../../src/client/index.js';
import { type AnyGame, type Match, soleActivePlayer, viewFor } from '../../../src/engine/index.js';
import { registeredGame } from '../boards/game-rules.js';
import { pastState } from './past-state.js';
import type { Perspective } from './replay-boards.js';
import { engineTimeline, type Verdict } from './timeline.js';

/**
 * A replay as the page plays it, however it was computed: `engine` when the page holds the game's
 * rules and the server published the seed (every position recomputed here, from every seat's eyes),
 * `views` otherwise (the server's views for the caller, one per step).
 */
export interface LoadedReplay {
  readonly mode: 'engine' | 'views';
  readonly exported: ReplayExport;
  /** How many steps can be shown: every position from 0 (the start) to this. */
  readonly last: number;
  /** Whose eyes the boards may show: every seat and a spectator (engine), or the caller's (views). */
  readonly perspectives: readonly Perspective[];
  /** The state a board draws at `position`, as seen by `perspective`. */
  stateAt(position: number, perspective: Perspective): MatchState<unknown>;
  /** Engine mode: how the recomputed match compares with the server's record. */
  readonly verdict?: Verdict;
}

/** The rules the page holds for a game: registered by `turngate dev` (or a board module), else an example's. */
export const rulesFor = (name: string): AnyGame | undefined =>
  registeredGame(name) ?? exampleGames.find((game) => game.name === name);

/** Loads every page of the match's replay, as the signed-in caller. */
export async function loadReplay(lobby: LobbyClient, matchId: string): Promise<LoadedReplay> {
  const full = await lobby.replayExport(matchId);
  const game = rulesFor(full.match.game);
  const seed = full.start?.seed;
  if (full.reveal === 'full' && game !== undefined && seed !== undefined && full.start !== null) {
    return engineReplay(game, { ...full, start: { ...full.start, seed } });
  }
  // No rules here (or no seed): the server's views, which it computes with the rules it serves.
  return viewsReplay(full.reveal === 'full' ? await lobby.replayExport(matchId, { views: true }) : full);
}

function engineReplay(game: AnyGame, exported: ReplayExport & { start: { seed: string } }): LoadedReplay {
  const timeline = engineTimeline(game, exported);
  return {
    mode: 'engine',
    exported,
    last: timeline.length,
    perspectives: [...exported.start.players, null],
    verdict: timeline.verdict,
    stateAt: (position, perspective) => stateOf(exported.match.id, game, timeline.at(position), perspective),
  };
}

function viewsReplay(exported: ReplayExport): LoadedReplay {
  const players = exported.start?.players ?? exported.match.players;
  const firstVersion = (exported.steps[0]?.version ?? exported.match.version) - 1;
  return {
    mode: 'views',
    exported,
    last: exported.steps.length,
    perspectives: [exported.viewer],
    stateAt(position) {
      const step = position === 0 ? undefined : exported.steps[position - 1];
      const seen = step ?? exported.start;
      return pastState({
        matchId: exported.match.id,
        game: exported.match.game,
        version: step?.version ?? firstVersion,
        players,
        bots: exported.match.bots,
        position: seen?.position ?? positionOf(exported),
        viewer: exported.viewer,
        view: seen?.view ?? null,
      });
    },
  };
}

/** A replayed match as a live page's state, seen by `perspective`: public fields, and that seat's view. */
function stateOf(matchId: string, game: AnyGame, match: Match, perspective: Perspective): MatchState<unknown> {
  const result = match.result;
  return {
    matchId,
    game: match.game,
    version: match.version,
    status: match.status,
    players: [...match.players],
    currentPlayer: soleActivePlayer(match),
    activePlayers: [...match.activePlayers],
    left: [...match.left],
    bots: { ...match.bots?.seats },
    ...(perspective === null ? {} : { you: perspective }),
    turn: match.turn,
    result: result === null ? null : 'winners' in result ? { winners: [...result.winners] } : { ...result },
    view: viewFor(game, match, perspective) as MatchState<unknown>['view'],
    yourMoves: [],
  };
}

/** Where a match stands by its summary: the start of a page that has no position of its own. */
const positionOf = ({ match }: ReplayExport): ReplayPosition => ({
  status: match.status,
  turn: match.turn,
  currentPlayer: match.currentPlayer,
  activePlayers: match.activePlayers,
  left: match.left,
  result: match.result,
});
