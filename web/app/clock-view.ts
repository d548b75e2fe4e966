import { type MatchState, type TimeoutEvent, timeLeft } from '../../src/client/index.js';
import { fill, h } from './dom.js';
import { playerName } from './words.js';

/** How often the countdown redraws: often enough that a second never looks skipped. */
const TICK_MS = 250;

/** "1:05", "0:07", or "2:03:10" for long limits. */
export function clockText(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/**
 * Each player's clock of a timed match, counting down from the server's deadline: what is left is the
 * server's `deadline - now` when the state arrived, less the time since (never the browser's own idea
 * of the time, which may be off by minutes). Every player who may act has a clock that runs; the
 * banks of the others stand still.
 */
export function createClockView(me: string) {
  const element = h('ul', { class: 'clocks', testid: 'clocks' });
  let state: MatchState<unknown> | null = null;
  let receivedAt = 0;

  const draw = (): void => {
    const clock = state?.clock;
    if (!state || !clock) {
      fill(element);
      return;
    }
    const sinceReceipt = performance.now() - receivedAt;
    fill(
      element,
      ...state.players.map((player, seat) => {
        const bank = clock.banks?.[seat];
        // Everyone who may act has a clock that runs, with a deadline of their own.
        const running = clock.running.find((turn) => turn.seat === seat);
        const left = running && timeLeft({ deadline: running.deadline, now: clock.now }, sinceReceipt);
        const onTurn = left !== undefined && left !== null;
        const shown = onTurn ? left : bank;
        return h(
          'li',
          {
            class: onTurn ? 'ticking' : '',
            testid: `clock-${seat}`,
            attrs: { 'data-player': player, 'data-ms': shown ?? '' },
          },
          `${playerName(player, me)}: `,
          shown === undefined ? '—' : clockText(shown),
        );
      }),
    );
  };
  const ticker = setInterval(draw, TICK_MS);

  return {
    element,
    update(next: MatchState<unknown>): void {
      state = next;
      receivedAt = performance.now();
      draw();
    },
    dispose: () => clearInterval(ticker),
  };
}

/** A timeout in plain words: whose time ran out, and what followed. */
export function timeoutInWords(event: TimeoutEvent, me: string): string {
  const who = event.player === me ? 'You' : event.player;
  return event.outcome.kind === 'lost'
    ? `${who} ran out of time and lost.`
    : `${who} ran out of time: the rules played “${event.outcome.move}”.`;
}
