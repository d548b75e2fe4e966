/** The engine's public API: everything a game author or a server needs, and nothing else. */
export {
  applyMove,
  type MoveRequest,
  movesFor,
  type PlayedMove,
  parseMoveArgs,
  playMove,
} from './apply-move.js';
export { argsOutOfBounds, MAX_ARGS_BYTES, MAX_ARGS_DEPTH } from './args-bounds.js';
export {
  BOT_PLAYER_PREFIX,
  type Bot,
  type BotInput,
  type BotTable,
  type DeterminizeContext,
  type GameBots,
  isBotPlayerId,
  type LegalMove,
  type LegalMovesContext,
} from './bot.js';
export {
  chooseTimeControl,
  firstOverdue,
  type GameClock,
  isTimeUp,
  MAX_CLOCK_MS,
  type MatchClock,
  type RunningTurn,
  runningTurnOf,
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
  type GameBotSupport,
  type GameContext,
  type GameDefinition,
  GameDefinitionError,
  type GameMove,
  type GameMoves,
  type GameName,
  type GameResult,
  type GameState,
  type GameView,
  type LegalMoveSource,
  type MoveArgs,
  type MoveAuthority,
  type MoveDefinition,
  type MoveName,
  type MoveSchemas,
  type PlayedStep,
  type PlayerId,
  type SetupContext,
  type StepContext,
  type TurnDefinition,
  type ViewContext,
  variantOf,
} from './define-game.js';
export {
  type Candidate,
  candidatesOf,
  type LegalMoves,
  legalMoves,
  MAX_LEGAL_MOVES,
  MAX_LEGAL_MOVES_BYTES,
  tryCandidate,
} from './legal-moves.js';
export { type LogRule, type LogViewContext, type VisibleArgs, visibleArgs } from './log-view.js';
export {
  type CreateMatchOptions,
  createMatch,
  finishMatch,
  leaveWaitingMatch,
  type Match,
  type MatchBots,
  type MatchStatus,
  seatPlayer,
  startMatch,
  upgradeMatch,
} from './match.js';
export {
  canonicalJson,
  matchHash,
  portableDigest,
  STEP_HASH_LENGTH,
  stepHash,
  type TextDigest,
} from './match-hash.js';
export { createRandom, type RandomSource } from './random.js';
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
export {
  ReplayDivergence,
  type ReplayStart,
  type ReplayStep,
  replay,
  replayStartOf,
  replayStep,
  startOfReplay,
} from './replay.js';
export { checkReplay, type RecordedStep, type ReplayVerdict } from './replay-check.js';
export {
  LEAVE_MOVE,
  type PlayedLeave,
  type PlayedTimeout,
  playLeave,
  playTimeout,
  TIMEOUT_LOSS_MOVE,
  type TimeoutOutcome,
  type TimeoutRequest,
  type TimeoutSkip,
} from './timeout-and-leave.js';
export { soleActivePlayer, viewContextOf, viewFor } from './view.js';
