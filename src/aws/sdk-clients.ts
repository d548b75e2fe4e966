import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';

/** The SDK clients the adapters share. Injectable, so the benchmark can add counting middleware. */
export interface AwsClients {
  readonly dynamodb: DynamoDBClient;
  /** Only used (and only created) in the `fifo` ordering mode, or where notices are sent. */
  readonly sqs: SQSClient;
  /** Only used (and only created) when the token key is a TOKEN_SECRET_ARN. */
  readonly secretsManager: SecretsManagerClient;
}

export interface AwsClientOptions {
  /** Clients to use instead of creating them (tests, the local aws wiring, the benchmark). */
  readonly clients?: Partial<AwsClients>;
  /**
   * Endpoints for clients created here: the local runtime and tests point them at loopback engines.
   * On Lambda they are absent and the SDK resolves the Region's endpoints.
   */
  readonly endpoints?: { readonly dynamodb?: string; readonly sqs?: string; readonly secretsManager?: string };
  /** Extra configuration for clients created here (region, credentials for local engines…). */
  readonly clientConfig?: {
    readonly region?: string;
    readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
}

/**
 * How the SDK clients created here retry, per call, before a failure reaches an adapter: the
 * 'standard' mode's exponential backoff with full jitter (up to 1 s, then 2 s, after a throttle;
 * tens of ms after a 5xx or a timeout), within a retry quota that stops retry storms during an
 * outage. Not 'adaptive': its client-side rate limiter is per client, and one DynamoDB client serves
 * both tables, so a throttled connections table would slow moves too (AWS recommends 'standard'
 * unless a client talks to one resource only). Three attempts keep a throttled call's waiting under
 * 3 s; the handlers' own jittered retries (src/handlers/retry.ts) take over after that, and the
 * queue function's timeout is sized for both (infra/handler-functions.ts).
 *
 * PostToConnection gets two attempts: a LimitExceeded there is one slow client's full buffer, and
 * waiting seconds on it would hold up every other player's message and the match's next move.
 */
export const SDK_RETRIES = {
  dynamodb: { retryMode: 'standard', maxAttempts: 3 },
  sqs: { retryMode: 'standard', maxAttempts: 3 },
  secretsManager: { retryMode: 'standard', maxAttempts: 3 },
  managementApi: { retryMode: 'standard', maxAttempts: 2 },
} as const;

/**
 * Without a request timeout a stalled connection holds a call until the Lambda times out, and
 * "timeouts" never become the quick, retryable failure they should be. DynamoDB, SQS and
 * PostToConnection answer in milliseconds; 3 s means something is wrong, and TimeoutError is retried.
 */
export const SDK_TIMEOUTS = { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true } as const;

type Service = keyof typeof SDK_RETRIES;

/** A client's configuration: its retries and timeouts, and the region, credentials and endpoint given. */
export function clientConfigFor(options: AwsClientOptions, service: Service, endpoint?: string) {
  return {
    ...SDK_RETRIES[service],
    requestHandler: { ...SDK_TIMEOUTS },
    ...(options.clientConfig?.region ? { region: options.clientConfig.region } : {}),
    ...(options.clientConfig?.credentials ? { credentials: { ...options.clientConfig.credentials } } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}

// One function per client, so a bundle holds only the SDK clients its function creates.
export const dynamodbClient = (options: AwsClientOptions): DynamoDBClient =>
  options.clients?.dynamodb ?? new DynamoDBClient(clientConfigFor(options, 'dynamodb', options.endpoints?.dynamodb));

export const sqsClient = (options: AwsClientOptions): SQSClient =>
  options.clients?.sqs ?? new SQSClient(clientConfigFor(options, 'sqs', options.endpoints?.sqs));

export const secretsManagerClient = (options: AwsClientOptions): SecretsManagerClient =>
  options.clients?.secretsManager ??
  new SecretsManagerClient(clientConfigFor(options, 'secretsManager', options.endpoints?.secretsManager));

/**
 * All three SDK clients, each created on its first use and then kept: Lambda reuses them across
 * invocations of a warm container, and a deployment that never touches a service (SQS in the direct
 * mode, Secrets Manager with a JWKS) never creates its client.
 */
export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  let dynamodb: DynamoDBClient | undefined;
  let sqs: SQSClient | undefined;
  let secretsManager: SecretsManagerClient | undefined;
  return {
    get dynamodb() {
      dynamodb ??= dynamodbClient(options);
      return dynamodb;
    },
    get sqs() {
      sqs ??= sqsClient(options);
      return sqs;
    },
    get secretsManager() {
      secretsManager ??= secretsManagerClient(options);
      return secretsManager;
    },
  };
}
