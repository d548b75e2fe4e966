import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { createDynamoStores } from '../../src/aws/dynamo-stores.js';
import { itemBytes } from '../../src/aws/item-size.js';
import { GAMES } from '../../src/aws/tables.js';
import type { AnyGame } from '../../src/engine/index.js';
import { createQueueHandler, gameRegistry } from '../../src/handlers/index.js';
import { silentLogger } from '../../src/ports/index.js';
import type { QueuedMove } from '../../src/protocol/index.js';
import { startDynalite } from '../../test/support/dynalite.js';
import { createTestTables, localDynamoClient } from '../../test/support/local-aws.js';
import { marathon, runningMarathon } from '../../test/support/marathon-game.js';
import { recordingFanout } from '../../test/support/recording-fanout.js';
import type { BytesPerMoveRow } from '../report/report.js';
import { CostCounter, type InstrumentableClient } from './counter.js';

/**
 * Does a move cost what it changes, or what the game has become? A synthetic long game (the
 * marathon: one player adds to a counter, 10,000 moves in the full run) is played through the real queue consumer
 * and the DynamoDB adapters of the aws-local wiring, on dynalite, and every write is measured: the
 * bytes of its request and the write units DynamoDB charges (which follow the size of the whole item,
 * before or after, whichever is larger). Both tables count: the match's update and the move log's
 * item, so the figure is the whole cost of keeping a move. It must stay flat however long the match.
 */
const BUCKETS = [1, 10, 100, 1_000, 2_500, 5_000, 7_500, 10_000];

interface MoveWrites {
  writes: number;
  requestBytes: number;
  writeUnits: number;
  itemBytes: number;
}

export async function measureBytesPerMove(moves = 10_000): Promise<BytesPerMoveRow[]> {
  const buckets = [...BUCKETS.filter((upTo) => upTo < moves), moves];
  const dynalite = await startDynalite();
  try {
    const client = localDynamoClient(dynalite.endpoint);
    const tables = await createTestTables(client, 'bench');
    const counter = new CostCounter();
    counter.instrument(client as unknown as InstrumentableClient, 'DynamoDB');
    counter.watchTable(tables.gamesTable);
    counter.watchTable(tables.moveLogTable);
    const perMove: MoveWrites[] = [];
    let current: MoveWrites = { writes: 0, requestBytes: 0, writeUnits: 0, itemBytes: 0 };
    counter.onGameWrite = (write) => {
      current.writes += 1;
      current.requestBytes += write.requestBytes;
      current.writeUnits += write.writeUnits;
    };
    /** The stored match item's size as DynamoDB counts it. */
    const storedItemBytes = async (id: string): Promise<number> => {
      const output = await client.send(
        new GetItemCommand({
          TableName: tables.gamesTable,
          Key: { [GAMES.gameSessionId]: { S: id } },
          ConsistentRead: true,
        }),
      );
      return output.Item ? itemBytes(unmarshall(output.Item)) : 0;
    };
    const { matches, connections } = createDynamoStores({ client, ...tables });
    const consume = createQueueHandler({
      games: gameRegistry([marathon as AnyGame]),
      matches,
      connections,
      fanout: recordingFanout().for,
      clock: { now: () => Date.now() },
      logger: silentLogger,
    });

    const id = 'long-game';
    await matches.create(id, runningMarathon(['solo']), 0);
    for (let seq = 1; seq <= moves; seq++) {
      current = { writes: 0, requestBytes: 0, writeUnits: 0, itemBytes: 0 };
      const move: QueuedMove = {
        moveId: randomUUID(),
        seq,
        gameSessionId: id,
        userId: 'solo',
        connectionId: 'solo-conn=',
        move: 'step',
        args: { by: 1 },
        endpoint: { domainName: 'bench', stage: 'local' },
        receivedAt: 0,
      };
      const response = await consume({ Records: [sqsRecord(move)] });
      if (response.batchItemFailures.length > 0) throw new Error(`long game move ${seq} failed`);
      if (buckets.includes(seq)) current.itemBytes = await storedItemBytes(id);
      perMove.push(current);
    }
    return buckets.map((upTo, index) => {
      const from = (buckets[index - 1] ?? 0) + 1;
      const slice = perMove.slice(from - 1, upTo);
      const mean = (pick: (w: MoveWrites) => number) =>
        slice.reduce((sum, w) => sum + pick(w), 0) / Math.max(1, slice.length);
      return {
        moves: from === upTo ? `${upTo}` : `${from}–${upTo}`,
        writes: mean((w) => w.writes),
        requestBytes: mean((w) => w.requestBytes),
        writeUnits: mean((w) => w.writeUnits),
        itemBytes: perMove[upTo - 1]?.itemBytes ?? 0,
      };
    });
  } finally {
    await dynalite.stop();
  }
}

/** The least an SQS record needs for the consumer: the body, and ids for failure reports. */
const sqsRecord = (move: QueuedMove): SQSRecord =>
  ({ messageId: randomUUID(), body: JSON.stringify(move), attributes: {} }) as unknown as SQSRecord;
