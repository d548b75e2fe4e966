import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { startMatch } from '../../src/engine/index.js';
import { settleBotTurn } from '../../src/handlers/bot-turns.js';
import type { MoveLogEntry } from '../../src/ports/index.js';
import type { QueuedBotTurn } from '../../src/protocol/index.js';
import { hs256 } from '../auth/tokens.js';
import { httpEvent } from './support/events.js';
import { type Harness, pump, startHarness } from './support/harness.js';

/**
 * A bot's turn applies once however it is asked for: redelivered by the queue, or settled by several
 * invocations at once. Real handlers on dynalite and local SQS.
 */
describe.each(['fifo', 'direct'] as const)('bot turns, %s mode', (ordering) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness('dynalite', { ordering });
  }, 60_000);
  afterAll(() => harness?.stop());

  /** A tic-tac-toe match whose first seat the random bot plays, waiting for Bob to fill the second. */
  async function botFirst(): Promise<string> {
    const token = await hs256({ sub: 'ann' });
    const created = await harness.handlers.http(
      httpEvent('POST', '/api/matches', { token, body: { game: 'tic-tac-toe', bots: ['random'] } }),
    );
    expect(created.statusCode).toBe(201);
    return (JSON.parse(created.body ?? '{}') as { match: { id: string } }).match.id;
  }
  const join = async (id: string) =>
    harness.handlers.http(httpEvent('POST', `/api/matches/${id}/join`, { token: await hs256({ sub: 'bob' }) }));
  const botMoves = async (id: string): Promise<MoveLogEntry[]> =>
    ((await harness.stores.matches.moveLog(id))?.moves ?? []).filter((entry) => entry.player === 'bot:random:1');

  it('plays the bot’s move once when Bob’s join starts the match, and a redelivered turn changes nothing', async () => {
    const id = await botFirst();
    expect((await join(id)).statusCode).toBe(200);
    if (ordering === 'fifo') await pump(harness);
    const once = await botMoves(id);
    expect(once).toEqual([expect.objectContaining({ seq: 1, moveId: 'bot:1', move: 'place' })]);

    // The queue hands the same turn over again (after its deduplication window, say).
    const turn: QueuedBotTurn = { system: 'bot_turn', gameSessionId: id, turn: 1 };
    const record = { messageId: 'again', body: JSON.stringify(turn), attributes: {} } as SQSRecord;
    expect(await harness.handlers.queue({ Records: [record, record] })).toEqual({ batchItemFailures: [] });
    expect(await botMoves(id)).toEqual(once);
    expect((await harness.stores.matches.get(id))?.match).toMatchObject({ turn: 2, activePlayers: ['bob'] });
  });

  it('settles a raced bot turn once: five invocations at once, one move', async () => {
    const id = await botFirst();
    // Seated without the lobby's own bot turn: the race below is the only one.
    const stored = await harness.stores.matches.get(id);
    if (stored === undefined) throw new Error('no match');
    const started = { ...stored.match, players: [...stored.match.players, 'bob'] };
    const running = startMatch(ticTacToe, started, Date.now());
    if (!running.ok) throw new Error(running.error.message);
    expect(await harness.stores.matches.update(stored, { next: running.value, now: Date.now() })).toBe('written');

    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => settleBotTurn(harness.deps, id, ordering === 'fifo' ? 'queue' : 'direct')),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'applied')).toHaveLength(1);
    expect(await botMoves(id)).toEqual([expect.objectContaining({ seq: 1, moveId: 'bot:1' })]);
  });
});
