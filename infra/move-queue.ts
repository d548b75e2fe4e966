import { Duration } from 'aws-cdk-lib';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Lambda's rule for SQS event sources: a message must stay hidden for six runs of its consumer. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/** Deliveries before a move is parked in the dead-letter queue instead of blocking its game. */
export const MAX_RECEIVE_COUNT = 5;

export interface MoveQueueProps {
  /** The queue consumer's timeout: the visibility timeout is derived from it. */
  readonly consumerTimeout: Duration;
}

/**
 * The FIFO queue between the `move` route and the queue consumer: ordered per game
 * (MessageGroupId = GameSessionId), deduplicated by explicit ids built from the user and the client's
 * move id (not by content: two identical legal moves are two moves).
 */
export class MoveQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: MoveQueueProps) {
    super(scope, id);
    // A FIFO queue's dead-letter queue must itself be FIFO.
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      fifo: true,
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Moves', {
      fifo: true,
      contentBasedDeduplication: false,
      // High-throughput FIFO: limits apply per game rather than per queue (300 TPS otherwise).
      deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
      // A move older than this is stale for a live game; the dead-letter queue keeps failures longer.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
  }
}
