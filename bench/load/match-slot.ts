import type { BenchGame } from '../ipc.js';
import { chooseMove } from './bots.js';
import type { Driver, GameListener, OpenGame, Seat, SeatState } from './driver.js';
import type { LatencyHistogram } from './histogram.js';

/** Shared by every slot of a run; only what happens inside the measured window is counted. */
export interface Measurements {
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly moveTimeoutMs: number;
  readonly ownAck: LatencyHistogram;
  readonly opponentUpdate: LatencyHistogram;
  readonly gameSetup: LatencyHistogram;
  acceptedMoves: number;
  games: number;
  unansweredMoves: number;
  failedSetups: number;
  errors: number;
  firstError: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One of the N concurrent matches: plays games back to back until the window closes. Each game is
 * opened the server's own way (so every server pays for its match setup), then the two bots move
 * whenever their seat is to move, right after the state that says so arrives.
 */
export class MatchSlot {
  constructor(
    private readonly driver: Driver,
    private readonly game: BenchGame,
    private readonly m: Measurements,
  ) {}

  async run(): Promise<void> {
    while (performance.now() < this.m.windowEnd) {
      const played = await this.playOne();
      if (!played) await sleep(50);
    }
  }

  private fail(message: string, during: 'setup' | 'play'): void {
    if (during === 'setup') this.m.failedSetups += 1;
    else this.m.errors += 1;
    this.m.firstError ??= message;
  }

  /** Plays one game; false when it could not be opened or ended in an error or timeout. */
  private async playOne(): Promise<boolean> {
    const m = this.m;
    const began = performance.now();
    const sentAt: number[] = [];
    const moverOf: Seat[] = [];
    const seen = [0, 0];
    const latest: (SeatState | null)[] = [null, null];
    let lastSent = 0;
    let opened: OpenGame | null = null;
    let finished = false;
    let outcome = true;
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const end = (ok: boolean): void => {
      if (finished) return;
      finished = true;
      outcome = ok;
      clearTimeout(stallTimer);
      clearTimeout(windowTimer);
      finish();
    };
    let stallTimer: NodeJS.Timeout | undefined;
    const progress = (): void => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        if (opened === null) m.failedSetups += 1;
        else m.unansweredMoves += 1;
        end(false);
      }, m.moveTimeoutMs);
    };
    const windowTimer = setTimeout(() => end(true), Math.max(0, m.windowEnd - performance.now()));

    const maybeMove = (seat: Seat): void => {
      const state = latest[seat];
      if (finished || opened === null || state == null || !state.myTurn || state.over) return;
      const number = state.moves + 1;
      if (number <= lastSent) return;
      lastSent = number;
      sentAt[number] = performance.now();
      moverOf[number] = seat;
      opened.send(seat, chooseMove(state.view), number);
    };

    const listener: GameListener = {
      state: (seat, state) => {
        const now = performance.now();
        for (let number = (seen[seat] ?? 0) + 1; number <= state.moves; number++) {
          const at = sentAt[number];
          if (at === undefined || at < m.windowStart || now > m.windowEnd) continue;
          if (moverOf[number] === seat) {
            m.ownAck.recordMs(now - at);
            m.acceptedMoves += 1;
          } else {
            m.opponentUpdate.recordMs(now - at);
          }
        }
        seen[seat] = Math.max(seen[seat] ?? 0, state.moves);
        latest[seat] = state;
        if (finished) return;
        progress();
        if (latest[0]?.over && latest[1]?.over) {
          if (now <= m.windowEnd && began >= m.windowStart) m.games += 1;
          end(true);
          return;
        }
        maybeMove(seat);
      },
      error: (seat, message) => {
        this.fail(`seat ${seat}: ${message}`, opened === null ? 'setup' : 'play');
        end(false);
      },
    };

    // Opening may hang on a saturated server: the stall timer or the window's end settles it instead.
    progress();
    const opening = this.driver.open(this.game, listener);
    const settled = await Promise.race([opening.then(() => 'open' as const), done.then(() => 'ended' as const)]).catch(
      (error: unknown) => {
        this.fail(error instanceof Error ? error.message : String(error), 'setup');
        end(false);
        return 'failed' as const;
      },
    );
    if (settled !== 'open') {
      void opening.then((late) => late.close()).catch(() => {});
      return false;
    }
    opened = await opening;
    const setupDone = performance.now();
    if (began >= m.windowStart && setupDone <= m.windowEnd) m.gameSetup.recordMs(setupDone - began);
    maybeMove(0);
    maybeMove(1);
    await done;
    opened.close();
    return outcome;
  }
}
