/**
 * The messages the benchmark's three processes exchange over Node's IPC channel: the runner (parent),
 * the server host (one server under test) and the load generator (the bots). Keeping them in one file
 * keeps both ends of every message in step.
 */

/** Which server a run measures. */
export type ServerKind =
  | 'echo'
  | 'boardgame-io'
  | 'colyseus'
  | 'colyseus-default'
  | 'turngate-embedded'
  | 'turngate-embedded-memory'
  | 'turngate-aws-local';

export type BenchGame = 'tic-tac-toe' | 'liars-dice';

/** How the load generator reaches the server, as the server host reports it. */
export interface ServerAddress {
  readonly kind: ServerKind;
  readonly port: number;
}

/** Runner -> server host. */
export type HostCommand =
  | { readonly type: 'counters-reset' }
  | { readonly type: 'counters' }
  | { readonly type: 'stop' };

/** Server host -> runner. */
export type HostReport =
  | { readonly type: 'ready'; readonly address: ServerAddress }
  | { readonly type: 'counters'; readonly counters: CostCounters | null }
  | { readonly type: 'failed'; readonly message: string };

/** What one function (or the SQS event source between them) asked of AWS during a window. */
export interface HandlerUsage {
  readonly invocations: number;
  /** Summed wall time of the invocations, in ms, as run locally. */
  readonly ms: number;
  /**
   * Summed local compute (wall time minus the time SDK calls were in flight) and modelled AWS call
   * time (bench/cost/lambda-billing.ts) of the invocations, in ms: what the cost model bills.
   * Absent in results recorded before they were counted.
   */
  readonly computeMs?: number;
  readonly awsMs?: number;
  /** SDK requests by `Service.Operation`. */
  readonly requests: Record<string, number>;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Billable SQS requests (64 KB units); empty short polls excluded, see bench/cost/counter.ts. */
  readonly sqsRequests: number;
  /** API Gateway WebSocket messages, in 32 KB billing units. */
  readonly messagesIn: number;
  readonly messagesOut: number;
}

/** What the aws-local wiring did during a window, by the function that did it (see bench/cost/counter.ts). */
export interface CostCounters {
  readonly byHandler: Record<string, HandlerUsage>;
  /** Request bytes of the writes to the games table (its update expressions and values). */
  readonly gameBytesWritten: number;
  readonly gameWrites: number;
  /** ReceiveMessage calls that found nothing: AWS's long-polling event source makes few of these. */
  readonly emptyReceives: number;
}

/** Runner -> load generator. */
export interface LoadPlan {
  readonly address: ServerAddress;
  readonly game: BenchGame;
  /** Concurrent matches, two bots each. */
  readonly matches: number;
  /** Measured window, after the warm-up. */
  readonly durationMs: number;
  readonly warmupMs: number;
  /** A move without its acknowledgement after this long counts as lost and ends that match slot. */
  readonly moveTimeoutMs: number;
  /**
   * Instead of playing: open games the server's own way until this many connections are open, hold
   * them idle, report `idle-held`, and wait to be stopped (the runner measures the server's memory).
   */
  readonly idleConnections?: number;
  /**
   * Instead of playing for a window: open `matches` games first, then start them all at once, each
   * playing this many moves (the burst row, bench/load/burst.ts); report `burst`.
   */
  readonly burstMoves?: number;
}

/** What the burst needs of a LoadPlan. */
export interface BurstPlan {
  readonly matches: number;
  readonly moves: number;
  /** A match with no progress for this long counts one unanswered move and no longer holds the burst open. */
  readonly moveTimeoutMs: number;
}

/** The burst as the load generator saw it; the runner adds the server's CPU and the load average. */
export interface BurstResult {
  readonly matches: number;
  readonly movesPerMatch: number;
  /** How long opening every game took before the burst (not part of the burst). */
  readonly openMs: number;
  readonly failedSetups: number;
  /** Moves whose mover saw its own acknowledgement. */
  readonly acceptedMoves: number;
  /** From the first moves sent to the last match's last move seen by both seats. */
  readonly burstMs: number;
  readonly movesPerSecond: number;
  readonly ownAckMs: LatencySummary;
  /** Matches that stalled (no progress within the move timeout) before their last move. */
  readonly unansweredMoves: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly loadGeneratorCores: number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Load generator -> runner. */
export type LoadReport =
  | { readonly type: 'window-start' }
  | { readonly type: 'window-end' }
  | { readonly type: 'result'; readonly result: LoadResult }
  | { readonly type: 'idle-held'; readonly connections: number; readonly failedSetups: number; readonly openMs: number }
  | { readonly type: 'burst'; readonly result: BurstResult }
  | { readonly type: 'failed'; readonly message: string };

export interface LoadResult {
  readonly acceptedMoves: number;
  readonly games: number;
  readonly windowMs: number;
  readonly ownAckMs: LatencySummary;
  readonly opponentUpdateMs: LatencySummary;
  /** Opening a new game: creating or joining the match and connecting both bots until both hold its state. */
  readonly gameSetupMs: LatencySummary;
  /** Moves of an open game with no answer within the move timeout. */
  readonly unansweredMoves: number;
  /** Games that could not be opened: refused, or not ready within the move timeout. */
  readonly failedSetups: number;
  /** Error messages or socket errors during play (a rejected move, a dropped connection). */
  readonly errors: number;
  readonly firstError: string | null;
  readonly peakConnections: number;
  /** CPU the load generator itself used, in cores: it shares the machine with the server. */
  readonly loadGeneratorCores: number;
}

/** Runner -> matchmaking generator: N players ask for a quick two-player match, arriving over `rampMs`. */
export interface MatchmakingPlan {
  readonly address: ServerAddress;
  readonly players: number;
  readonly rampMs: number;
  /** A player not in a started match after this long counts as failed. */
  readonly timeoutMs: number;
}

export interface MatchmakingResult {
  readonly players: number;
  /** Quick-match requests answered per second, from the first request sent to the last answer. */
  readonly requestsPerSecond: number;
  /** Request sent → its answer (turngate's `POST /api/matchmaking`, Colyseus' `joinOrCreate`). */
  readonly requestMs: LatencySummary;
  /** Request sent → the player's connection holds the started match (both seats taken). */
  readonly startedMs: LatencySummary;
  /** Players not in a started match within the timeout, or refused. */
  readonly failed: number;
  readonly firstError: string | null;
}

/** Matchmaking generator -> runner. */
export type MatchmakingReport =
  | { readonly type: 'matchmaking'; readonly result: MatchmakingResult }
  | { readonly type: 'failed'; readonly message: string };
