// node:assert's deepStrictEqual, not toStrictEqual: vitest compares `.constructor`, which is an own key
// (a player's hand) when a player is called "constructor".
import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMove, ENGINE_ERROR_CODES, type Match, type MoveRequest, type PlayerId } from '../../src/engine/index.js';
import { drivers, type GameDriver, type Move, playerIds } from './game-drivers.js';
import { play, runningMatch } from './helpers.js';

/** Who sends a request: the player whose turn it is, a seated player by seat, or anyone at all. */
type Sender =
  | { readonly kind: 'current' }
  | { readonly kind: 'seat'; readonly seat: number }
  | { readonly kind: 'anyone'; readonly id: string };

type Intent =
  | { readonly kind: 'legal'; readonly pick: number }
  | { readonly kind: 'wellFormed'; readonly sender: Sender; readonly move: Move }
  | { readonly kind: 'garbage'; readonly sender: Sender; readonly move: string; readonly args: unknown }
  | { readonly kind: 'unknown'; readonly sender: Sender; readonly move: string; readonly args: unknown };

const senders: fc.Arbitrary<Sender> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'current' } as const), weight: 3 },
  fc.record({ kind: fc.constant('seat' as const), seat: fc.nat() }),
  fc.record({ kind: fc.constant('anyone' as const), id: fc.string({ maxLength: 6 }) }),
);

/** Any JSON value, or nothing at all (a frame without `args`). */
const garbageArgs: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue(), fc.constant(undefined));

function intents(driver: GameDriver): fc.Arbitrary<Intent> {
  const moveNames = Object.keys(driver.game.moves);
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('legal' as const), pick: fc.nat() }), weight: 6 },
    fc.record({ kind: fc.constant('wellFormed' as const), sender: senders, move: driver.wellFormedMove }),
    fc.record({
      kind: fc.constant('garbage' as const),
      sender: senders,
      move: fc.constantFrom(...moveNames),
      args: garbageArgs,
    }),
    fc.record({
      kind: fc.constant('unknown' as const),
      sender: senders,
      move: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty')),
      args: garbageArgs,
    }),
  );
}

function senderId(match: Match, sender: Sender): PlayerId {
  if (sender.kind === 'current') return match.currentPlayer ?? (match.players[0] as PlayerId);
  if (sender.kind === 'seat') return match.players[sender.seat % match.players.length] as PlayerId;
  return sender.id;
}

function toRequest(driver: GameDriver, match: Match, intent: Intent): MoveRequest {
  if (intent.kind === 'legal') {
    const [move, args] = driver.legalMove(match, intent.pick) ?? ['place', {}];
    return { player: senderId(match, { kind: 'current' }), move, args };
  }
  const [move, args] = intent.kind === 'wellFormed' ? intent.move : [intent.move, intent.args];
  return { player: senderId(match, intent.sender), move, args };
}

/** The code a rejection must carry when the request is wrong before the rules are even asked. */
function expectedCode(driver: GameDriver, match: Match, request: MoveRequest): string | undefined {
  if (match.status !== 'running') return 'game_not_running';
  if (!match.players.includes(request.player)) return 'not_a_player';
  if (!Object.hasOwn(driver.game.moves, request.move)) return 'unknown_move';
  const who = driver.game.rules[request.move]?.who;
  if (who === 'active' && !match.activePlayers.includes(request.player)) return 'not_your_turn';
  return undefined;
}

describe.each(drivers)('applyMove on random request sequences: $game.name', (driver) => {
  const { game } = driver;
  const scenario = fc.record({
    seed: fc.string({ maxLength: 12 }),
    players: playerIds(game.players.min, game.players.max),
    intents: fc.array(intents(driver), { maxLength: 80 }),
  });

  it('never throws or mutates its input, steps the version by one per accepted move, and replays exactly', () => {
    fc.assert(
      fc.property(scenario, ({ seed, players, intents }) => {
        const start = runningMatch(game, players, seed);
        let match = start;
        const acceptedMoves: (readonly [PlayerId, string, unknown])[] = [];
        for (const intent of intents) {
          const request = toRequest(driver, match, intent);
          const before = structuredClone({ match, request });
          const result = applyMove(game, match, request);
          deepStrictEqual({ match, request }, before);

          const mustBe = expectedCode(driver, match, request);
          if (!result.ok) {
            expect(ENGINE_ERROR_CODES).toContain(result.error.code);
            expect(result.error.message).toEqual(expect.any(String));
            if (mustBe !== undefined) expect(result.error.code).toBe(mustBe);
            if (intent.kind === 'legal' && match.status === 'running')
              expect.fail(`legal move refused: ${result.error.message}`);
            continue;
          }
          expect(mustBe).toBeUndefined();
          expect(result.value.version).toBe(match.version + 1);
          expect(result.value.turn).toBe(match.turn + 1);
          expect(result.value.players).toEqual(match.players);
          acceptedMoves.push([request.player, request.move, request.args]);
          match = result.value;
        }
        expect(match.version).toBe(start.version + acceptedMoves.length);
        deepStrictEqual(play(game, runningMatch(game, players, seed), acceptedMoves), match);
      }),
      { numRuns: 150 },
    );
  });

  it('reaches the end of games by legal play, and refuses everything after with game_not_running', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
        ({ seed, players, intents }, picks) => {
          let match = runningMatch(game, players, seed);
          for (const pick of picks) {
            const move = driver.legalMove(match, pick);
            if (move === undefined) break;
            match = play(game, match, [[match.currentPlayer as PlayerId, ...move]]);
          }
          expect(match.status).toBe('finished');
          expect(match.currentPlayer).toBeNull();
          expect(match.result).not.toBeNull();
          for (const intent of intents) {
            const result = applyMove(game, match, toRequest(driver, match, intent));
            expect(result).toMatchObject({ ok: false, error: { code: 'game_not_running' } });
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
