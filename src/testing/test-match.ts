import {
  type AnyGame,
  createMatch,
  type EngineErrorCode,
  type GameResult,
  type GameState,
  type GameView,
  type Match,
  type MatchStatus,
  type MoveArgs,
  type MoveName,
  type PlayerId,
  playLeave,
  playMove,
  playTimeout,
  type Rejection,
  type ReplayStep,
  type Result,
  replay,
  seatPlayer,
  type TimeControl,
  type TimeoutOutcome,
  viewFor,
} from '../engine/index.js';

/**
 * A match for rules tests, typed by its game. Only the engine's public API drives it (createMatch,
 * seatPlayer, playMove, playTimeout, playLeave, viewFor, replay), so it plays exactly as the server does.
 */
export interface TestMatchOptions<P extends readonly PlayerId[]> {
  /** Who sits at the table, by seat; seating them all starts the match, the first to move. */
  readonly players: P;
  /** Fixes every random draw: the same seed and moves give the same match. Default `'test'`. */
  readonly seed?: string;
  /** When the match starts, epoch ms (default 0); `wait(ms)` moves time on, and each move is made then. */
  readonly at?: number;
  /** The match's time control, within what the game allows (its default when absent). */
  readonly timeControl?: TimeControl;
}

/** Why the engine refused a move: a code from the engine's one table and the rule's own words. */
export type Refusal = Rejection<EngineErrorCode>;

/** What `attempt` answers: the next state, or the refusal (and the match is left as it was). */
export type Attempt<S> = { readonly ok: true; readonly state: S } | { readonly ok: false; readonly error: Refusal };

/** `play` found the move refused: the test expected it to be accepted. */
export class MoveRefused extends Error {
  override readonly name = 'MoveRefused';
  constructor(
    readonly refusal: Refusal,
    what: string,
  ) {
    super(`${what} was refused: ${refusal.code}: ${refusal.message}`);
  }
}

/** A move whose schema accepts `{}` may be played without arguments, as the typed client allows. */
type ArgsOf<A> = Record<never, never> extends A ? [args?: A] : [args: A];

/** What a timeout did to the match: whose time ran out, what the rules chose (or `lost`), the new state. */
export interface TimedOut<S> {
  readonly player: PlayerId;
  readonly outcome: TimeoutOutcome;
  readonly state: S;
}

export interface TestMatch<G extends AnyGame, Player extends PlayerId> {
  /** The match record as the engine returned it last (status, result, clock, version…). */
  readonly match: Match<GameState<G>>;
  /** The whole state; throws before the match starts (it starts once every player is seated). */
  readonly state: GameState<G>;
  /** Whose turn it is in the turn order, `null` once the match is over. */
  readonly currentPlayer: Player | null;
  /** Who may act now: the current player, or several at once when the rules say so. */
  readonly activePlayers: readonly Player[];
  /** `running` until the rules end the match, then `finished`. */
  readonly status: MatchStatus;
  /** How the match ended: `{ winners }` or `{ draw: true }`; `null` while it runs. */
  readonly result: GameResult | null;
  /** The time the next move is made at, epoch ms. */
  readonly now: number;
  /** Every step played so far, as a move log keeps them: what `replay()` plays again. */
  readonly log: readonly ReplayStep[];
  /** Plays a move (checked against the game's moves at compile time) and answers the new state; a refusal throws `MoveRefused`. */
  play<K extends MoveName<G>>(player: Player, move: K, ...args: ArgsOf<MoveArgs<G, K>>): GameState<G>;
  /** Plays a move the rules may refuse: the new state, or the typed refusal (the match is unchanged then). */
  attempt<K extends MoveName<G>>(player: Player, move: K, ...args: ArgsOf<MoveArgs<G, K>>): Attempt<GameState<G>>;
  /** What `player` sees (the game's playerView), or a spectator with `null`. */
  view(player: Player | null): GameView<G>;
  /** Moves the clock on by `ms`: later moves are made that much later. */
  wait(ms: number): void;
  /** A player's time has run out: plays the timeout as the server would; throws if none is due. */
  timeout(): TimedOut<GameState<G>>;
  /** `player` leaves the running match, as the server settles it (the rules' `onLeave`); a refusal throws. */
  leave(player: Player): GameState<G>;
  /** The started match with every logged step played again: equal to `match` when the rules are deterministic. */
  replay(): Match<GameState<G>>;
}

/**
 * A running match of `game` between `players`, for tests:
 *
 * ```ts
 * const match = testMatch(connectFour, { players: ['ann', 'bob'] });
 * const state = match.play('ann', 'drop', { column: 3 }); // typed: a wrong move or argument does not compile
 * ```
 */
export function testMatch<G extends AnyGame, const P extends readonly PlayerId[]>(
  game: G,
  options: TestMatchOptions<P>,
): TestMatch<G, P[number]> {
  type S = GameState<G>;
  type Player = P[number];
  let now = options.at ?? 0;
  const created = createMatch(game, {
    seed: options.seed ?? 'test',
    seats: options.players.length,
    ...(options.timeControl ? { timeControl: options.timeControl } : {}),
  });
  let match = options.players.reduce(
    (current, player) => settled(seatPlayer(game, current, player, now)),
    settled(created),
  );
  const started = match;
  const log: ReplayStep[] = [];

  const describeMove = (player: PlayerId, move: string, args: unknown) =>
    `${player}: ${move} ${JSON.stringify(args ?? {})}`;

  function attempt(player: Player, move: string, args: unknown = {}): Attempt<S> {
    const played = playMove(game, match, { player, move, args, at: now });
    if (!played.ok) return { ok: false, error: played.error };
    match = played.value.next;
    log.push({ kind: 'move', player, move, args: played.value.args, at: now });
    return { ok: true, state: stateOf(match) };
  }

  function stateOf(current: Match): S {
    if (current.state === null) throw new Error(`the match has not started: ${current.status}`);
    return current.state as S;
  }

  return {
    get match() {
      return match as Match<S>;
    },
    get state() {
      return stateOf(match);
    },
    get currentPlayer() {
      // Only the players given here are ever seated, so the engine's answer is one of them.
      return match.currentPlayer as Player | null;
    },
    get activePlayers() {
      return match.activePlayers as readonly Player[];
    },
    get status() {
      return match.status;
    },
    get result() {
      return match.result;
    },
    get now() {
      return now;
    },
    get log() {
      return [...log];
    },
    play(player, move, ...[args]) {
      const attempted = attempt(player, move, args);
      if (!attempted.ok) throw new MoveRefused(attempted.error, describeMove(player, move, args));
      return attempted.state;
    },
    attempt: (player, move, ...[args]) => attempt(player, move, args),
    view: (player) => viewFor(game, match, player) as GameView<G>,
    wait(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`wait takes a positive number of ms, not ${ms}`);
      now += ms;
    },
    timeout() {
      const played = playTimeout(game, match, { at: now });
      if (!played.ok) throw new Error(`the timeout did not apply: ${played.skip}`);
      match = played.value.next;
      log.push({ kind: 'timeout', player: played.value.player, at: now });
      return { player: played.value.player, outcome: played.value.outcome, state: stateOf(match) };
    },
    leave(player) {
      const played = playLeave(game, match, { player, at: now });
      if (!played.ok) throw new MoveRefused(played.error, `${player} leaving`);
      match = played.value.next;
      log.push({ kind: 'leave', player, at: now });
      return stateOf(match);
    },
    replay: () => replay(game, started, log) as Match<S>,
  };
}

/** Setting a test's table up cannot fail unless the test asks for what the game refuses: say so. */
function settled(result: Result<Match>): Match {
  if (!result.ok) throw new Error(`the test match could not be set up: ${result.error.code}: ${result.error.message}`);
  return result.value;
}
