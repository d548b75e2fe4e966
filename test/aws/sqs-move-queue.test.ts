import { afterAll, beforeAll } from 'vitest';
import { createSqsMoveQueue } from '../../src/aws/sqs-move-queue.js';
import { queuedMoveSchema } from '../../src/protocol/index.js';
import { describeMoveQueueContract } from '../contracts/move-queue.contract.js';
import { type SqsLocal, startSqsLocal } from '../support/sqs-local.js';

let sqs: SqsLocal;

beforeAll(async () => {
  sqs = await startSqsLocal();
});

afterAll(async () => {
  await sqs?.stop();
});

describeMoveQueueContract('SQS FIFO (local-aws-sqs)', async () => {
  const queueUrl = await sqs.createFifoQueue();
  return {
    queue: createSqsMoveQueue({ client: sqs.client, queueUrl }),
    receiveAll: async () =>
      (await sqs.drain(queueUrl)).map((message) => queuedMoveSchema.parse(JSON.parse(message.Body ?? ''))),
  };
});
