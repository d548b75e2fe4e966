/**
 * The burst: many matches already open, then all of them moving at once. Every game is opened first
 * (the server's own way, a few at a time, so opening is not what is measured), then at one instant
 * each match's first mover moves, and every later move is sent as soon as its mover has seen the
 * previous one. The bots play a fixed drawn game, so every match plays exactly the same nine moves on
 * every server and none ends early on a win.
 */
import type { BurstPlan, BurstResult } from '../ipc.js';
import type { BotMove, Driver, GameListener, OpenGame, Seat, SeatState } from './driver.js';
import { LatencyHistogram } from './histogram.js';

/**
 * X 0, O 1, X 2, O 4, X 3, O 5, X 7, O 6, X 8: no line is ever completed, so the ninth move fills the
 * board in a draw. Seat 0 (X) moves first on every server.
 */
export const DRAWN_GAME: readonly number[] = [0, 1, 2, 4, 3, 5, 7, 6, 8];

/** Seat 0 makes the odd moves (1, 3, 5…), seat 1 the even ones. */
const moverOf = (number: number): Seat => ((number - 1) % 2) as Seat;

/** Games opened at once before the burst: enough to keep the server busy, few enough not to time out. */
const OPENERS = 32;
const OPEN_TIMEOUT_MS = 15_000;

/** One match of the burst: its open game and what each seat has seen. */
class BurstMatch {
  readonly latest: (SeatState | null)[] = [null, null];
  readonly seen = [0, 0];
  private readonly sentAt: number[] = [];
  private lastSent = 0;
  private game: OpenGame | null = null;
  private go = false;
  finishedAt: number | null = null;
  lastProgress = 0;

  constructor(
    private readonly moves: number,
    private readonly ownAck: LatencyHistogram,
    private readonly onDone: () => void,
  ) {}

  error: string | undefined;

  readonly listener: GameListener = {
    state: (seat, state) => {
      const now = performance.now();
      for (let number = (this.seen[seat] ?? 0) + 1; number <= state.moves; number++) {
        const at = this.sentAt[number];
        if (at !== undefined && moverOf(number) === seat) this.ownAck.recordMs(now - at);
      }
      this.seen[seat] = Math.max(this.seen[seat] ?? 0, state.moves);
      this.latest[seat] = state;
      this.lastProgress = now;
      if (this.finishedAt === null && Math.min(...this.seen) >= this.moves) {
        this.finishedAt = now;
        this.onDone();
        return;
      }
      this.maybeMove(seat);
    },
    error: (_seat, message) => {
      this.error ??= message;
    },
  };

  opened(game: OpenGame): void {
    this.game = game;
  }

  start(now: number): void {
    this.go = true;
    this.lastProgress = now;
    this.maybeMove(0);
    this.maybeMove(1);
  }

  /** Moves whose mover's own ack arrived. */
  get acked(): number {
    let count = 0;
    for (let number = 1; number <= this.lastSent; number++) if ((this.seen[moverOf(number)] ?? 0) >= number) count++;
    return count;
  }

  close(): void {
    this.game?.close();
  }

  private maybeMove(seat: Seat): void {
    const state = this.latest[seat];
    if (!this.go || this.game === null || state == null || !state.myTurn || state.over) return;
    const number = state.moves + 1;
    if (number <= this.lastSent || number > this.moves) return;
    this.lastSent = number;
    this.sentAt[number] = performance.now();
    const move: BotMove = { move: 'place', args: { cell: DRAWN_GAME[number - 1] as number } };
    this.game.send(seat, move, number);
  }
}

/**
 * Opens `plan.matches` games, then starts them all at once and waits until every match has played its
 * moves (both seats have seen the last one) or stalls for `plan.moveTimeoutMs`. `window` marks the
 * burst's start and end for the runner, which reads the server's CPU between them.
 */
export async function runBurst(
  driver: Driver,
  plan: BurstPlan,
  window: { start(): void; end(): void },
): Promise<BurstResult> {
  const ownAck = new LatencyHistogram();
  let remaining = plan.matches;
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const matches = Array.from(
    { length: plan.matches },
    () =>
      new BurstMatch(plan.moves, ownAck, () => {
        remaining -= 1;
        if (remaining === 0) allDone();
      }),
  );

  const openBegan = performance.now();
  const open: BurstMatch[] = [];
  let failedSetups = 0;
  let firstError: string | null = null;
  let next = 0;
  const opener = async (): Promise<void> => {
    while (next < matches.length) {
      const match = matches[next++] as BurstMatch;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('not open within the timeout')), OPEN_TIMEOUT_MS);
      });
      const opening = driver.open('tic-tac-toe', match.listener);
      try {
        match.opened(await Promise.race([opening, timeout]));
        open.push(match);
      } catch (error) {
        failedSetups += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
        void opening.then((late) => late.close()).catch(() => {});
      } finally {
        clearTimeout(timer);
      }
    }
  };
  await Promise.all(Array.from({ length: OPENERS }, opener));
  const openMs = performance.now() - openBegan;
  // Matches that could not be opened will never finish: they do not hold the burst open.
  remaining -= failedSetups;

  window.start();
  const cpuAtStart = process.cpuUsage();
  const began = performance.now();
  for (const match of open) match.start(began);
  let unansweredMoves = 0;
  const stallCheck = setInterval(() => {
    const now = performance.now();
    for (const match of open) {
      if (match.finishedAt !== null || match.lastProgress === Number.POSITIVE_INFINITY) continue;
      if (now - match.lastProgress < plan.moveTimeoutMs) continue;
      match.lastProgress = Number.POSITIVE_INFINITY;
      unansweredMoves += 1;
      remaining -= 1;
    }
    if (remaining <= 0) allDone();
  }, 100);
  if (remaining <= 0) allDone();
  await done;
  clearInterval(stallCheck);
  const finished = open.map((match) => match.finishedAt).filter((at): at is number => at !== null);
  const burstMs = (finished.length > 0 ? Math.max(...finished) : performance.now()) - began;
  const cpu = process.cpuUsage(cpuAtStart);
  window.end();
  const acceptedMoves = open.reduce((sum, match) => sum + match.acked, 0);
  const errors = open.filter((match) => match.error !== undefined);
  for (const match of open) match.close();
  return {
    matches: plan.matches,
    movesPerMatch: plan.moves,
    openMs: Math.round(openMs),
    failedSetups,
    acceptedMoves,
    burstMs: Math.round(burstMs * 10) / 10,
    movesPerSecond: burstMs > 0 ? Math.round((acceptedMoves / burstMs) * 1000) : 0,
    ownAckMs: ownAck.summary(),
    unansweredMoves,
    errors: errors.length,
    firstError: firstError ?? errors[0]?.error ?? null,
    loadGeneratorCores: burstMs > 0 ? Math.round(((cpu.user + cpu.system) / 1000 / burstMs) * 100) / 100 : 0,
  };
}
