import type { AnyGame, PlayerId, Rule } from './define-game.js';
import type { Match, MatchStatus } from './match.js';

/**
 * What the move log shows of a move's args to a viewer who did not make it, like `playerView` for
 * the state: `'public'` (everyone sees them), `'private'` (only the mover), or a function answering
 * what this viewer may see (`undefined`: nothing). The stored log always keeps the whole args:
 * replays need them; only what leaves the server is filtered.
 */
export type LogRule<S, A> = 'public' | 'private' | Rule<[args: A, ctx: LogViewContext<S>], unknown>;

export interface LogViewContext<S> {
  /** Who is looking: a seated player, or `null` for a spectator or anyone signed out. */
  readonly viewer: PlayerId | null;
  /** Who made the move (whose time ran out, for a move a timeout played). */
  readonly mover: PlayerId;
  /** The match's state now (not when the move was made): what the rules have revealed since. */
  readonly state: S;
  readonly status: MatchStatus;
  readonly players: readonly PlayerId[];
  /** The match version the move produced. */
  readonly version: number;
}

export interface GameLogPolicy {
  readonly args: 'public' | 'private';
  readonly revealAtEnd: boolean;
  /** Publish the seed once the match is over (with every move's args): a replay anyone can recompute. */
  readonly seedAtEnd: boolean;
}

/**
 * A game's log policy with its defaults: public args for a game without a `playerView` (it hides
 * nothing), private for one with a view (its author must say what may be shown, or nothing is).
 */
export function normalizeLog(
  log:
    | { readonly args?: 'public' | 'private'; readonly revealAtEnd?: boolean; readonly seedAtEnd?: boolean }
    | undefined,
  hasPlayerView: boolean,
): GameLogPolicy {
  return {
    args: log?.args ?? (hasPlayerView ? 'private' : 'public'),
    revealAtEnd: log?.revealAtEnd ?? false,
    seedAtEnd: log?.seedAtEnd ?? false,
  };
}

/** One logged step as far as its visibility goes. */
export interface LoggedStep {
  readonly player: PlayerId;
  readonly move: string;
  readonly args: unknown;
  readonly version: number;
}

export type VisibleArgs = { readonly hidden: false; readonly args: unknown } | { readonly hidden: true };

/**
 * What `viewer` may see of a logged step's args: their own steps whole, anyone's once a finished
 * match reveals everything, otherwise what the move's rule (or the game's default) allows. Steps that
 * are no move of the game (`$leave`, `$lost`) have no args to hide. Pure.
 */
export function visibleArgs(game: AnyGame, match: Match, step: LoggedStep, viewer: PlayerId | null): VisibleArgs {
  const shown = { hidden: false, args: step.args } as const;
  if (viewer !== null && viewer === step.player && match.players.includes(viewer)) return shown;
  if (match.status === 'finished' && game.log.revealAtEnd) return shown;
  const move = Object.hasOwn(game.rules, step.move) ? game.rules[step.move] : undefined;
  if (move === undefined) return shown;
  const rule = move.log ?? game.log.args;
  if (rule === 'public') return shown;
  if (rule === 'private' || match.state === null) return { hidden: true };
  const seated = viewer !== null && match.players.includes(viewer) ? viewer : null;
  const args = rule(step.args, {
    viewer: seated,
    mover: step.player,
    state: match.state,
    status: match.status,
    players: match.players,
    version: step.version,
  });
  return args === undefined ? { hidden: true } : { hidden: false, args };
}
