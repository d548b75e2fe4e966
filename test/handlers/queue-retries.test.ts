import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueHandler } from '../../src/handlers/index.js';
import { type GameStore, StoreError } from '../../src/ports/index.js';
import { SEED_ENDPOINT, sqsEvent, sqsRecord } from './support/events.js';
import { type Harness, openMatch, Player, startHarness } from './support/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness('dynalite');
});
afterAll(() => harness.stop());

/** The real store, whose first `times` updates fail as a DynamoDB throttle does once the SDK gives up. */
function throttledStore(times: number): GameStore {
  const { matches } = harness.stores;
  let left = times;
  return {
    ...matches,
    async update(previous, change) {
      if (left-- > 0) {
        throw new StoreError('DynamoDB UpdateItem failed (ThrottlingException: Rate exceeded)', { transient: true });
      }
      return matches.update(previous, change);
    },
  };
}

describe('the queue consumer on a throttled write', () => {
  // Without the handler's own retries, a transient StoreError would fail the record, and SQS would
  // hand it back only after the visibility timeout: the whole match would wait that long.
  it('rides out a throttle that outlasted the SDK, and the move lands once', async () => {
    const id = await openMatch(harness, 'tic-tac-toe', ['alice', 'bob']);
    const alice = new Player(harness, 'alice');
    await alice.connect(id);
    const consume = createQueueHandler({ ...harness.deps, matches: throttledStore(2) });
    const record = sqsRecord(
      JSON.stringify({
        moveId: 'a1',
        seq: 1,
        gameSessionId: id,
        userId: 'alice',
        connectionId: alice.connectionId,
        move: 'place',
        args: { cell: 0 },
        endpoint: SEED_ENDPOINT,
        receivedAt: Date.now(),
      }),
      { groupId: id },
    );

    expect(await consume(sqsEvent([record]))).toEqual({ batchItemFailures: [] });
    const version = (await harness.stores.matches.get(id))?.match.version;
    expect(alice.messages()).toEqual([expect.objectContaining({ type: 'state', ack: { id: 'a1', seq: 1, version } })]);
    expect((await harness.stores.matches.moveLog(id))?.moves.map((entry) => entry.moveId)).toEqual(['a1']);
  });
});
