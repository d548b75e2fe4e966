/**
 * The lobby API's answers as the client reads them: the protocol's own schemas (src/protocol/lobby.ts),
 * named here for the client's callers.
 */
export {
  type CreateMatchRequest,
  errorBodySchema,
  type GameInfo,
  gameInfoSchema,
  gameListSchema,
  type LeaveAnswer,
  leaveAnswerSchema,
  type MatchDetails,
  type MatchListQuery,
  type MatchPage,
  type MatchStatusName as MatchStatus,
  type MatchSummary,
  type MyMatchesQuery,
  matchAnswerSchema,
  matchDetailsSchema,
  matchListSchema,
  matchSummarySchema,
  meSchema,
  myMatchesSchema,
  type PlayerMatch,
  playerMatchSchema,
  type SignedIn,
  signedInSchema,
} from '../protocol/lobby.js';
export { type MoveLogEntry, moveLogPageSchema as moveLogSchema } from '../protocol/move-log.js';
