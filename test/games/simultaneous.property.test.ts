// node:assert's deepStrictEqual, not toStrictEqual: vitest compares `.constructor`, which is an own key
// (a player's record entry) when a player is called "constructor".
import { deepStrictEqual, notDeepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyGame,
  type Match,
  type MoveRequest,
  type PlayerId,
  playLeave,
  playMove,
  type ReplayStep,
  replay,
} from '../../src/engine/index.js';
import { summarize } from '../../src/handlers/lobby.js';
import { logEntryFor, stateMessage } from '../../src/handlers/messages.js';
import type { MoveLogEntry } from '../../src/protocol/index.js';
import { type SimultaneousDriver, simultaneousDrivers, startOf } from './simultaneous-drivers.js';

/** One scripted step: which active player acts, what they choose, and (rarely) someone leaves instead. */
interface ScriptStep {
  readonly who: number;
  readonly what: number;
  readonly leave: number;
}
const scriptStep: fc.Arbitrary<ScriptStep> = fc.record({
  who: fc.nat(),
  what: fc.nat(),
  leave: fc.integer({ min: 0, max: 24 }),
});

/** A move that must be accepted: the next match and the args its rules saw. */
function mustPlay(game: AnyGame, match: Match, request: MoveRequest): { match: Match; args: unknown } {
  const played = playMove(game, match, request);
  if (!played.ok) throw new Error(`${played.error.code}: ${played.error.message}`);
  return { match: played.value.next, args: played.value.args };
}

interface Played {
  readonly match: Match;
  readonly steps: readonly ReplayStep[];
  readonly states: readonly Match[];
}

/** Plays a script from `start`: each step a move by one of the players who may act, or a leave. */
function playScript(driver: SimultaneousDriver, start: Match, script: readonly ScriptStep[]): Played {
  const { game } = driver;
  let match = start;
  const steps: ReplayStep[] = [];
  const states = [start];
  for (const [index, { who, what, leave }] of script.entries()) {
    if (match.status !== 'running') break;
    const at = 1_000 * (index + 1);
    const playing = match.players.filter((player) => !match.left.includes(player));
    if (leave === 0 && game.players.max > 2) {
      const player = playing[who % playing.length] as PlayerId;
      const left = playLeave(game, match, { player, at });
      if (!left.ok) throw new Error(left.error.message);
      match = left.value.next;
      steps.push({ kind: 'leave', player, at });
    } else {
      const player = match.activePlayers[who % match.activePlayers.length] as PlayerId;
      const { move, args } = driver.move(match, player, what);
      const played = playMove(game, match, { player, move, args, at });
      if (!played.ok) throw new Error(`${played.error.code}: ${played.error.message}`);
      match = played.value.next;
      steps.push({ kind: 'move', player, move, args: played.value.args, at });
    }
    states.push(match);
  }
  return { match, steps, states };
}

/** The log as stored: one entry per step, with the version it produced. */
const logOf = (played: Played): MoveLogEntry[] =>
  played.steps.map((step, index) => ({
    version: played.states[index + 1]?.version ?? 0,
    player: step.player ?? '',
    seq: step.kind === 'move' ? index + 1 : 0,
    moveId: `m${index}`,
    move: step.kind === 'move' ? step.move : '$leave',
    args: step.kind === 'move' ? step.args : null,
    at: step.at,
  }));

/** Everything `viewer` receives about a match: the state message, the log page and the lobby summary. */
function received(driver: SimultaneousDriver, match: Match, log: readonly MoveLogEntry[], viewer: PlayerId | null) {
  const stored = { id: 'm', match, ledgers: {}, createdAt: 0, updatedAt: 0 };
  return {
    state: stateMessage(driver.game, stored, viewer, {}, 0),
    log: log.map((entry) => logEntryFor(driver.game, match, entry, viewer)),
    summary: summarize(stored, 0),
  };
}

describe.each(simultaneousDrivers)('$game.name: players who act at once', (driver) => {
  const { game } = driver;
  const start = startOf(game);

  it('random interleavings of the active players’ moves (and leaves) replay to the same states, step by step', () => {
    fc.assert(
      fc.property(start, fc.array(scriptStep, { maxLength: 40 }), (begin, script) => {
        const played = playScript(driver, begin, script);
        for (let count = 0; count <= played.steps.length; count++) {
          deepStrictEqual(replay(game, begin, played.steps.slice(0, count)), played.states[count]);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('the order in which the players of a round act does not change where the round ends', () => {
    fc.assert(
      fc.property(
        start,
        fc.array(scriptStep, { maxLength: 20 }),
        fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
        (begin, script, picks) => {
          const reached = playScript(driver, begin, script).match;
          if (reached.status !== 'running') return;
          const round = reached.activePlayers.map((player, index) => ({
            player,
            ...driver.move(reached, player, picks[index % picks.length] ?? 0),
          }));
          const inOrder = (order: typeof round) =>
            order.reduce((match, { player, move, args }) => {
              const played = playMove(game, match, { player, move, args, at: 0 });
              if (!played.ok) throw new Error(played.error.message);
              return played.value.next;
            }, reached);
          deepStrictEqual(inOrder([...round].reverse()), inOrder(round));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('changing one player’s secret choice changes nothing any other player, a spectator or the lobby receives until the reveal', () => {
    fc.assert(
      fc.property(
        start,
        fc.array(scriptStep, { maxLength: 20 }),
        fc.nat(),
        fc.tuple(fc.nat(), fc.nat()),
        fc.array(fc.nat(), { maxLength: 4 }),
        (begin, script, who, [pickA, pickB], others) => {
          const before = playScript(driver, begin, script);
          const reached = before.match;
          // Someone else must still be to act after the secret, or it is revealed at once.
          if (reached.status !== 'running' || reached.activePlayers.length < 2) return;
          const secretKeeper = reached.activePlayers[who % reached.activePlayers.length] as PlayerId;
          const choiceA = driver.move(reached, secretKeeper, pickA);
          const choiceB = driver.move(reached, secretKeeper, pickB);
          if (JSON.stringify(choiceA) === JSON.stringify(choiceB)) return;

          const world = (choice: typeof choiceA) =>
            mustPlay(game, reached, { player: secretKeeper, ...choice, at: 99_000 });
          let [a, b] = [world(choiceA), world(choiceB)];
          const entry = (args: unknown, match: Match): MoveLogEntry => ({
            version: match.version,
            player: secretKeeper,
            seq: 99,
            moveId: 'secret',
            move: choiceA.move,
            args,
            at: 99_000,
          });
          let logA = [...logOf(before), entry(a.args, a.match)];
          let logB = [...logOf(before), entry(b.args, b.match)];
          const onlookers = () => [...a.match.players.filter((player) => player !== secretKeeper), null, 'stranger'];
          const compare = () => {
            for (const viewer of onlookers()) {
              deepStrictEqual(received(driver, b.match, logB, viewer), received(driver, a.match, logA, viewer));
            }
            // The keeper of the secret does see their own choice.
            notDeepStrictEqual(
              received(driver, b.match, logB, secretKeeper),
              received(driver, a.match, logA, secretKeeper),
            );
          };
          compare();
          // The others act the same way in both worlds, short of the last move that would reveal it all.
          for (const pick of others) {
            if (a.match.activePlayers.length < 2) break;
            const player = a.match.activePlayers.find((active) => active !== secretKeeper) as PlayerId;
            const { move, args } = driver.move(a.match, player, pick);
            const step = (match: Match) => mustPlay(game, match, { player, move, args, at: 100_000 });
            [a, b] = [step(a.match), step(b.match)];
            const next = (log: MoveLogEntry[], side: typeof a) => [
              ...log,
              { ...entry(side.args, side.match), player, moveId: `other-${log.length}` },
            ];
            [logA, logB] = [next(logA, a), next(logB, b)];
            compare();
          }
          expect(a.match.status).toBe('running');
        },
      ),
      { numRuns: 200 },
    );
  });
});
