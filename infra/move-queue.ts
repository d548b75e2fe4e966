import { Duration } from 'aws-cdk-lib';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * How much longer than one run of the consumer a received batch stays hidden. The visibility timeout
 * is also how long a failed record (reported in batchItemFailures, or lost with a timed-out
 * invocation) waits before SQS hands it back, and its match waits as long: later moves of its FIFO
 * group cannot overtake it. Lambda requires at least the function's timeout (it refuses the event
 * source mapping otherwise). AWS recommends six times that, so that a batch whose invocation Lambda
 * had to retry after a throttle is not handed out a second time meanwhile; here a second delivery is
 * harmless, because every write is conditioned on the match's version and a move id settles once (a
 * duplicate is acknowledged again, never applied again), while six times would freeze a match for
 * 90 s per failed attempt. So: the consumer's timeout and a few seconds for Lambda's own overhead.
 */
export const VISIBILITY_MARGIN = Duration.seconds(5);
/**
 * Deliveries before a move is parked in the dead-letter queue instead of blocking its game. With a
 * batch hidden for 20 s, ten give a failing move over three minutes to recover (a DynamoDB outage,
 * or Lambda throttling the consumer, which also counts receives) before a person must redrive it.
 */
export const MAX_RECEIVE_COUNT = 10;

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
      visibilityTimeout: props.consumerTimeout.plus(VISIBILITY_MARGIN),
      // A move older than this is stale for a live game; the dead-letter queue keeps failures longer.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
  }
}
