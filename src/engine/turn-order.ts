import type { GameContext, PlayerId, SetupContext, StepContext, TurnDefinition } from './define-game.js';

/**
 * Who moves, as `defineGame` normalises a game's `turn`: every part decided, defaults filled in.
 * Methods, so a typed game's order is still an `AnyGame`'s (their parameters are checked bivariantly).
 */
export interface TurnOrder<S> {
  first(state: S, ctx: SetupContext): PlayerId;
  next(state: S, ctx: StepContext): PlayerId;
  active(state: S, ctx: ActiveContext): readonly PlayerId[];
}

export type ActiveContext = Omit<GameContext, 'player' | 'random' | 'activePlayers'>;

export function turnOrder<S>(turn: TurnDefinition<S> | undefined): TurnOrder<S> {
  const first = turn?.first;
  const next = turn?.next;
  const active = turn?.active;
  return {
    first: (state, ctx) => (first ? first(state, ctx) : (ctx.players[0] as PlayerId)),
    // With `active`, the rules say who acts: passing a turn behind their back would make the order in
    // which several players act change the match.
    next: (state, ctx) =>
      next ? next(state, ctx) : active ? ctx.currentPlayer : seatAfter(ctx.players, ctx.currentPlayer),
    active: (state, ctx) => (active ? active(state, ctx) : [ctx.currentPlayer]),
  };
}

/** The player in the seat after `player`'s, round the table. */
export const seatAfter = (players: readonly PlayerId[], player: PlayerId): PlayerId =>
  players[(players.indexOf(player) + 1) % players.length] as PlayerId;

/** A player still in the match: seated, and not left. */
export const isPlaying = (ctx: Pick<GameContext, 'players' | 'left'>, player: PlayerId): boolean =>
  ctx.players.includes(player) && !ctx.left.includes(player);

/**
 * `player`, or, when they left, the next seat round the table still playing: the turn never rests with
 * someone who left. `undefined` when nobody plays any more.
 */
export function stillPlaying(ctx: Pick<GameContext, 'players' | 'left'>, player: PlayerId): PlayerId | undefined {
  let candidate = player;
  for (let step = 0; step < ctx.players.length; step++) {
    if (isPlaying(ctx, candidate)) return candidate;
    candidate = seatAfter(ctx.players, candidate);
  }
  return undefined;
}

/** A choice of the rules that names nobody seated is a bug in the game: it surfaces, like a rule that throws. */
export function assertSeated(game: string, rule: string, players: readonly PlayerId[], player: PlayerId): PlayerId {
  if (!players.includes(player)) throw new Error(`${game}: ${rule} chose "${player}", who is not seated`);
  return player;
}

/**
 * Who may act now, as the rules say, cleaned: seated players still playing, each once, in seat order
 * (so the record is the same whatever order the rules listed them in).
 */
export function activePlayersOf<S>(
  game: { readonly name: string; readonly turnOrder: TurnOrder<S> },
  state: S,
  ctx: ActiveContext,
): readonly PlayerId[] {
  const chosen = game.turnOrder.active(state, ctx);
  if (!Array.isArray(chosen)) throw new Error(`${game.name}: turn.active must answer a list of players`);
  for (const player of chosen) assertSeated(game.name, 'turn.active', ctx.players, player);
  return ctx.players.filter((player) => chosen.includes(player) && !ctx.left.includes(player));
}
