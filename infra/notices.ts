import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HandlerFunctions, type HandlerFunctionsProps, NOTIFY, NOTIFY_TIMEOUT } from './handler-functions.js';

export interface NoticesProps extends Omit<HandlerFunctionsProps, 'names'> {
  /** Where notices are POSTed (context `noticeWebhookUrl`). */
  readonly webhookUrl: string;
  /** The signing key, an existing secret (context `noticeWebhookSecretArn`); otherwise one is generated. */
  readonly secretArn?: string;
}

/**
 * "Your turn" for players who are away, on AWS (docs/deploy.md, "Notices to players who are away"): a
 * standard queue the functions that settle moves put notices on, and the `notify` function that
 * POSTs them, signed with a key kept in Secrets Manager. The queue keeps a notice through a
 * receiver's outage (five deliveries, then the dead-letter queue); the move path only ever waits for
 * one SendMessageBatch.
 */
export class Notices extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly function: NodejsFunction;
  readonly secret: ISecret;

  constructor(scope: Construct, id: string, props: NoticesProps) {
    super(scope, id);
    const { webhookUrl, secretArn, ...functionProps } = props;
    this.secret = secretArn
      ? Secret.fromSecretCompleteArn(this, 'WebhookSecret', secretArn)
      : new Secret(this, 'WebhookSecret', {
          description: 'turngate notice webhook HMAC-SHA256 key',
          generateSecretString: { passwordLength: 64, excludePunctuation: true },
        });
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Queue', {
      // AWS's advice for a Lambda event source: six times the function's timeout.
      visibilityTimeout: Duration.seconds(NOTIFY_TIMEOUT.toSeconds() * 6),
      // A "your turn" older than a day is news to nobody.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.function = new HandlerFunctions(this, 'Functions', {
      ...functionProps,
      environment: { NOTICE_WEBHOOK_URL: webhookUrl, NOTICE_WEBHOOK_SECRET_ARN: this.secret.secretArn },
      names: [NOTIFY],
    }).get(NOTIFY);
    this.function.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }));
    // GetSecretValue only: CDK's grantRead would add DescribeSecret, which the function never calls.
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.secret.secretArn] }),
    );
  }

  /** Lets `fn` queue notices: SendMessage on this queue only, and its URL in NOTICE_QUEUE_URL. */
  grantSend(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    fn.addEnvironment('NOTICE_QUEUE_URL', this.queue.queueUrl);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
  }
}
