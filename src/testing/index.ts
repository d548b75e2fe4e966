/**
 * `turngate/testing`: rules tests typed by the game. A misspelled move or a wrong argument is a
 * compile error, states come back typed, and refusals carry the engine's error codes.
 */
export type { EngineErrorCode } from '../engine/index.js';
export {
  type Attempt,
  MoveRefused,
  type Refusal,
  type TestMatch,
  type TestMatchOptions,
  type TimedOut,
  testMatch,
} from './test-match.js';
