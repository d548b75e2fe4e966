import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyGame,
  createMatch,
  type Match,
  playMove,
  playTimeout,
  type ReplayStep,
  replay,
  seatPlayer,
  type TimeControl,
} from '../../src/engine/index.js';
import { suddenDeath, timedCounter } from './clock-games.js';
import { accepted } from './helpers.js';

const T0 = 1_000_000;

const controls: fc.Arbitrary<TimeControl> = fc.oneof(
  fc.record({ turnMs: fc.integer({ min: 1, max: 60_000 }) }),
  fc.record({ bankMs: fc.integer({ min: 1, max: 600_000 }), incrementMs: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ bankMs: fc.integer({ min: 1, max: 600_000 }), delayMs: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({
    turnMs: fc.integer({ min: 1, max: 60_000 }),
    bankMs: fc.integer({ min: 1, max: 600_000 }),
    incrementMs: fc.integer({ min: 0, max: 10_000 }),
  }),
);

/** What happens next, `afterMs` after the current turn started: a move (maybe too late), or the timer. */
const events = fc.array(
  fc.record({
    kind: fc.constantFrom('move', 'timeout'),
    afterMs: fc.integer({ min: 0, max: 700_000 }),
    n: fc.integer({ min: 1, max: 3 }),
  }),
  { maxLength: 30 },
);

const scenarios = fc.record({
  onTimeout: fc.boolean(),
  control: controls,
  players: fc.integer({ min: 2, max: 4 }),
  events,
});

function start(game: AnyGame, control: TimeControl, seats: number): Match {
  let match = accepted(createMatch(game, { seed: 'prop', seats, timeControl: control }));
  for (let seat = 0; seat < seats; seat++) match = accepted(seatPlayer(game, match, `p${seat}`, T0));
  return match;
}

describe('clocks (properties)', () => {
  it('never go negative; banks change only on the mover’s turn, by elapsed minus delay plus increment; replay reproduces every deadline', () => {
    fc.assert(
      fc.property(scenarios, ({ onTimeout, control, players, events }) => {
        const game = onTimeout ? timedCounter() : suddenDeath();
        const first = start(game, control, players);
        let match = first;
        const steps: ReplayStep[] = [];
        const history: Match[] = [];
        for (const event of events) {
          if (match.status !== 'running' || match.clock === undefined) break;
          const clock = match.clock;
          const at = (clock.turnStartedAt ?? T0) + event.afterMs;
          const mover = match.players.indexOf(match.currentPlayer ?? '');
          let next: Match | undefined;
          let timedOut = false;
          if (event.kind === 'move') {
            const player = match.currentPlayer ?? '';
            const played = playMove(game, match, { player, move: 'add', args: { n: event.n }, at });
            // A move is refused exactly when the turn's time is up.
            expect(!played.ok && played.error.code === 'time_up').toBe(clock.deadline !== null && at >= clock.deadline);
            if (played.ok) {
              next = played.value.next;
              steps.push({ kind: 'move', player, move: 'add', args: { n: event.n }, at });
            }
          } else {
            const played = playTimeout(game, match, { at });
            expect(played.ok).toBe(clock.deadline !== null && at >= clock.deadline);
            if (played.ok) {
              next = played.value.next;
              timedOut = true;
              steps.push({ kind: 'timeout', at });
            }
          }
          if (next === undefined) continue;
          const before = clock.banks;
          const after = next.clock?.banks ?? null;
          if (before !== null && after !== null) {
            const used = Math.max(0, at - (clock.turnStartedAt ?? at) - (control.delayMs ?? 0));
            const increment = timedOut ? 0 : (control.incrementMs ?? 0);
            after.forEach((bank, seat) => {
              expect(bank).toBeGreaterThanOrEqual(0);
              expect(bank).toBe(seat === mover ? Math.max(0, (before[seat] ?? 0) - used) + increment : before[seat]);
            });
          }
          const deadline = next.clock?.deadline ?? null;
          if (deadline !== null) expect(deadline).toBeGreaterThanOrEqual(at);
          if (next.status === 'running') expect(next.clock?.turnStartedAt).toBe(at);
          history.push(next);
          match = next;
        }
        // Replaying the log at its recorded times reproduces every match, deadlines and banks included.
        history.forEach((expected, index) => {
          expect(replay(game, first, steps.slice(0, index + 1))).toEqual(expected);
        });
      }),
      { numRuns: 300 },
    );
  });
});
