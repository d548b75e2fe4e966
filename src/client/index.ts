/** The turngate client SDK, for browsers and Node: typed moves over WebSocket, and the lobby's HTTP API. */

export { type TimeoutEvent, timeLeft, type WireClock } from '../protocol/clock.js';
export type { DevState, DevStateQuery, DevView } from '../protocol/dev-state.js';
export type {
  CreatedMatch,
  LeaderboardPage,
  LeaderboardQuery,
  MeAnswer,
  PlayerRating,
  QuickMatchAnswer,
  QuickMatchRequest,
} from '../protocol/play.js';
export type {
  ReplayExport,
  ReplayPage,
  ReplayPosition,
  ReplayStartInfo,
  ReplayStepEntry,
} from '../protocol/replay.js';
export { type BackoffOptions, createBackoff } from './backoff.js';
export type { GameClientOptions } from './client-options.js';
export { defaultSocket } from './default-socket.js';
export {
  CLIENT_ERROR_CODES,
  type ClientErrorCode,
  isTurngateError,
  messageFor,
  TurngateError,
  type TurngateErrorCode,
} from './errors.js';
export { connectGame, GameClient } from './game-client.js';
export { documentVisibility, type PageVisibility } from './heartbeat.js';
export {
  type CreateMatchOf,
  type CreateMatchOptions,
  createLobbyClient,
  type GameNameOf,
  LobbyClient,
  type LobbyClientOptions,
  type MatchListQueryOf,
  type ReplayRequest,
} from './lobby.js';
export type {
  CreateMatchRequest,
  GameInfo,
  LeaveAnswer,
  MatchDetails,
  MatchListQuery,
  MatchPage,
  MatchStatus,
  MatchSummary,
  MoveLogEntry,
  MyMatchesQuery,
  PlayerMatch,
  SignedIn,
} from './lobby-schemas.js';
export { newMoveId } from './move-id.js';
export {
  browserSocket,
  type ClientSocket,
  type SocketClose,
  type SocketFactory,
  type SocketHandlers,
  type SocketRequest,
} from './socket.js';
export type {
  ConnectionStatus,
  GameClientEvents,
  LegalMoveOf,
  MatchState,
  MoveAck,
  MoveMethod,
  MoveMethods,
} from './types.js';
