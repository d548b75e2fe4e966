import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SQSEvent } from 'aws-lambda';
import { createNoticePoster } from '../notify/webhook-notifier.js';
import { jsonLogger } from '../ports/logger.js';
import type { PlayerNotice } from '../ports/notifier.js';
import { createNoticeConsumer, noticeFunctionEnvSchema } from './notice-consumer.js';
import { secretsManagerClient } from './sdk-clients.js';
import { secretFrom } from './secret-token-verifier.js';

// Three quick tries per invocation; past that SQS hands the notice out again after its visibility timeout.
const RETRY = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 4_000 };

/**
 * The notice queue's consumer (notice-consumer.ts): POSTs each notice to the deployment's webhook,
 * signed with the key read from Secrets Manager once per container.
 */
export function createNotifyHandler() {
  const logger = jsonLogger();
  type Poster = ReturnType<typeof createNoticePoster>;
  let poster: Promise<Poster> | undefined;

  /** Built on the first batch: the signing key is read from Secrets Manager once per container. */
  function posterOnce(): Promise<Poster> {
    poster ??= (async () => {
      const env = noticeFunctionEnvSchema.parse(process.env);
      const output = await secretsManagerClient({}).send(
        new GetSecretValueCommand({ SecretId: env.NOTICE_WEBHOOK_SECRET_ARN }),
      );
      if (!output.SecretString) throw new Error('the notice webhook secret has no SecretString');
      return createNoticePoster({
        url: env.NOTICE_WEBHOOK_URL,
        secret: secretFrom(output.SecretString),
        logger,
        retry: RETRY,
      });
    })().catch((error: unknown) => {
      poster = undefined; // not cached: the next batch tries again
      throw error;
    });
    return poster;
  }

  const consume = createNoticeConsumer({
    post: async (notice: PlayerNotice) => (await posterOnce())(notice),
    logger,
  });

  return (event: SQSEvent) => consume(event);
}
