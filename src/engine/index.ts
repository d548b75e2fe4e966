/** The engine's public API: everything a game author or a server needs, and nothing else. */
export {
  applyMove,
  type MoveRequest,
  type PlayedMove,
  type PlayedTimeout,
  parseMoveArgs,
  playMove,
  playTimeout,
  type TimeoutOutcome,
  type TimeoutSkip,
} from './apply-move.js';
export { argsOutOfBounds, MAX_ARGS_BYTES, MAX_ARGS_DEPTH } from './args-bounds.js';
export {
  chooseTimeControl,
  type GameClock,
  isTimeUp,
  MAX_CLOCK_MS,
  type MatchClock,
  type TimeControl,
  type TimeControlBounds,
  type TimeoutMove,
  type TurnClockContext,
  timeControlProblem,
} from './clock.js';
export {
  type AnyGame,
  type ArgsSchema,
  type ChosenMove,
  type ClockDefinition,
  defineGame,
  type Game,
  type GameContext,
  type GameDefinition,
  type GameMoves,
  type GameResult,
  type GameState,
  type GameView,
  type MoveArgs,
  type MoveDefinition,
  type MoveName,
  type MoveSchemas,
  type PlayerId,
  type SetupContext,
  type ViewContext,
} from './define-game.js';
export {
  type CreateMatchOptions,
  createMatch,
  finishMatch,
  type Match,
  type MatchStatus,
  seatPlayer,
  startMatch,
} from './match.js';
export type { RandomSource } from './random.js';
export {
  accept,
  ENGINE_ERROR_CODES,
  type EngineErrorCode,
  type InvalidMove,
  invalid,
  type Rejection,
  type Result,
  reject,
} from './rejection.js';
export { type ReplayStep, replay } from './replay.js';
export { viewFor } from './view.js';
