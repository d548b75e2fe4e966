import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  type AnyGame,
  canonicalJson,
  checkReplay,
  createMatch,
  defineGame,
  GameDefinitionError,
  type Match,
  matchHash,
  playMove,
  playTimeout,
  type RecordedStep,
  replayStartOf,
  STEP_HASH_LENGTH,
  seatPlayer,
  startOfReplay,
  stepHash,
} from '../../src/engine/index.js';
import { jsonValue } from '../support/json-arbitrary.js';
import { drivers, type GameDriver, playerIds } from './game-drivers.js';
import { accepted } from './helpers.js';

const T0 = 1_700_000_000_000;

/** A match played at random from a random start, every step recorded with its fingerprint as the server records it. */
const playedMatches = (driver: GameDriver, timed: boolean) =>
  fc
    .record({
      seed: fc.string({ minLength: 1, maxLength: 12 }),
      players: playerIds(driver.game.players.min, driver.game.players.max),
      picks: fc.array(fc.record({ pick: fc.nat(), afterMs: fc.integer({ min: 0, max: 90_000 }) }), { maxLength: 30 }),
    })
    .map(({ seed, players, picks }) => {
      const game = driver.game;
      let match = accepted(
        createMatch(game, { seed, seats: players.length, ...(timed ? { timeControl: { turnMs: 60_000 } } : {}) }),
      );
      for (const player of players) match = accepted(seatPlayer(game, match, player, T0));
      const started = match;
      const steps: RecordedStep[] = [];
      let now = T0;
      for (const { pick, afterMs } of picks) {
        now += afterMs;
        const timedOut = timed ? playTimeout(game, match, { at: now }) : undefined;
        if (timedOut?.ok) {
          match = timedOut.value.next;
          steps.push({ kind: 'timeout', player: timedOut.value.player, at: now, hash: stepHash(match) });
          continue;
        }
        const legal = driver.legalMove(match, pick);
        if (legal === undefined || match.currentPlayer === null) break;
        const player = match.currentPlayer;
        const played = playMove(game, match, { player, move: legal[0], args: legal[1], at: now });
        if (!played.ok) continue; // a move too late: the next timeout decides
        match = played.value.next;
        steps.push({ kind: 'move', player, move: legal[0], args: played.value.args, at: now, hash: stepHash(match) });
      }
      return { game, started, steps, final: match };
    });

describe('replays checked against their fingerprints (properties)', () => {
  it.each(
    drivers.flatMap((driver) => [
      [driver.game.name, driver, false] as const,
      [`${driver.game.name}, timed`, driver, true] as const,
    ]),
  )(
    '%s: a match rebuilt from its start replays to the same final record, every step checked',
    (_name, driver, timed) => {
      fc.assert(
        fc.property(playedMatches(driver, timed), ({ game, started, steps, final }) => {
          const start = replayStartOf(started);
          if (start === undefined) throw new Error('a started match has a start');
          // The rebuilt start is the record the server started, all but the version.
          expect({ ...startOfReplay(game, start), version: 0 }).toEqual({ ...started, version: 0 });
          const verdict = checkReplay(game, start, steps, matchHash(final));
          expect(verdict).toMatchObject({ ok: true, hashedSteps: steps.length });
          expect(verdict.ok && matchHash(verdict.final)).toBe(matchHash(final));
        }),
        { numRuns: 60 },
      );
    },
  );

  it('names the first step whose args were changed, whether or not the rules accept the change', () => {
    const driver = drivers[1];
    fc.assert(
      fc.property(playedMatches(driver, false), fc.nat(), fc.nat(), ({ game, started, steps, final }, at, pick) => {
        const moves = steps.flatMap((step, index) => (step.kind === 'move' && step.move === 'bid' ? [index] : []));
        fc.pre(moves.length > 0);
        const index = moves[at % moves.length] as number;
        const step = steps[index] as RecordedStep & { kind: 'move'; args: { quantity: number; face: number } };
        const edited = { ...step, args: { ...step.args, quantity: step.args.quantity + 1 + (pick % 3) } };
        const tampered = steps.map((original, i) => (i === index ? edited : original));
        const verdict = checkReplay(game, replayStartOf(started) as never, tampered, matchHash(final));
        expect(verdict).toMatchObject({ ok: false, step: index + 1 });
      }),
      { numRuns: 60 },
    );
  });

  it('catches a changed seed at the first step, and a changed final hash at the end', () => {
    const driver = drivers[1];
    fc.assert(
      fc.property(playedMatches(driver, false), ({ game, started, steps, final }) => {
        fc.pre(steps.length > 0);
        const start = replayStartOf(started);
        if (start === undefined) throw new Error('a started match has a start');
        expect(checkReplay(game, { ...start, seed: `${start.seed}!` }, steps, matchHash(final))).toMatchObject({
          ok: false,
          step: 1,
        });
        const wrongEnd = checkReplay(game, start, steps, matchHash({ ...final, turn: final.turn + 1 }));
        expect(wrongEnd).toMatchObject({ ok: false });
        expect(wrongEnd).not.toHaveProperty('step');
      }),
      { numRuns: 30 },
    );
  });
});

describe('matchHash', () => {
  it('is the same for equal records however their keys were ordered, and leaves out the version alone', () => {
    fc.assert(
      fc.property(jsonValue, fc.nat(), (state, version) => {
        const match = { ...recordOf(state), version } as Match;
        const reordered = JSON.parse(canonicalJson({ ...match, version: version + 1 })) as Match;
        const reversed = Object.fromEntries(Object.entries(reordered).reverse()) as unknown as Match;
        expect(matchHash(reversed)).toBe(matchHash(match));
        expect(matchHash({ ...match, randomState: match.randomState + 1 })).not.toBe(matchHash(match));
        expect(stepHash(match)).toHaveLength(STEP_HASH_LENGTH);
        expect(matchHash(match)).toMatch(/^[\w-]{43}$/);
      }),
    );
  });

  it('writes JSON as JSON.stringify does, keys sorted', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('log.seedAtEnd', () => {
  it('needs revealAtEnd: the seed without the args replays nothing', () => {
    const definition = {
      name: 'secretive',
      players: { min: 1, max: 1 },
      setup: () => ({}),
      moves: { pass: { args: z.object({}), apply: (state: object) => state } },
    };
    expect(() => defineGame({ ...definition, log: { seedAtEnd: true } })).toThrow(GameDefinitionError);
    expect((defineGame({ ...definition, log: { revealAtEnd: true, seedAtEnd: true } }) as AnyGame).log.seedAtEnd).toBe(
      true,
    );
    expect((defineGame(definition) as AnyGame).log.seedAtEnd).toBe(false);
  });
});

function recordOf(state: unknown): Omit<Match, 'version'> {
  return {
    game: 'g',
    status: 'running',
    seats: 2,
    players: ['a', 'b'],
    state,
    currentPlayer: 'a',
    activePlayers: ['a'],
    left: [],
    turn: 3,
    result: null,
    seed: 's',
    randomState: 4,
  };
}
