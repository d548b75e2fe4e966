import {
  ApiGatewayManagementApiClient,
  type ApiGatewayManagementApiClientConfig,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { FanoutError } from '../ports/errors.js';
import type { ApiEndpoint, Delivery, Fanout, FanoutFor, SendOutcome } from '../ports/fanout.js';

export interface ApiGatewayFanoutOptions {
  /**
   * The Management API's base URL for the stage. On AWS one fixed URL from configuration,
   * `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}` (src/aws/config.ts), used whatever
   * endpoint a handler names: an event's `domainName` is the custom domain's behind one, and
   * PostToConnection through a custom domain is refused (403). Tests may map the named endpoint to
   * a loopback stand-in instead.
   */
  readonly endpointUrl: string | ((endpoint: ApiEndpoint) => string);
  /** Extra client configuration (region, credentials, retries, request handler…). */
  readonly clientConfig?: Omit<ApiGatewayManagementApiClientConfig, 'endpoint'>;
  /** Builds the client for one base URL; the benchmark injects one with counting middleware. */
  readonly createClient?: (url: string) => ApiGatewayManagementApiClient;
  /** At most this many sends in flight per sendEach: large audiences must not exhaust sockets. */
  readonly concurrency?: number;
}

const encoder = new TextEncoder();

/**
 * Fan-out through API Gateway's Management API (PostToConnection). One client per base URL, created
 * on first use and kept for the container's life. A 410 is an outcome ('gone': the caller deletes
 * that connection); anything else is a FanoutError.
 */
export function createApiGatewayFanout(options: ApiGatewayFanoutOptions): FanoutFor {
  const { endpointUrl } = options;
  const urlOf = typeof endpointUrl === 'string' ? () => endpointUrl : endpointUrl;
  const createClient =
    options.createClient ??
    ((url: string) => new ApiGatewayManagementApiClient({ ...options.clientConfig, endpoint: url }));
  const concurrency = options.concurrency ?? 32;
  const fanouts = new Map<string, Fanout>();

  return (endpoint) => {
    const url = urlOf(endpoint);
    let fanout = fanouts.get(url);
    if (!fanout) {
      fanout = stageFanout(createClient(url), concurrency);
      fanouts.set(url, fanout);
    }
    return fanout;
  };
}

function stageFanout(client: ApiGatewayManagementApiClient, concurrency: number): Fanout {
  async function send(connectionId: string, data: string): Promise<SendOutcome> {
    try {
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: encoder.encode(data) }));
      return 'sent';
    } catch (error) {
      if (isGone(error)) return 'gone';
      throw new FanoutError(`PostToConnection to ${connectionId} failed (${describe(error)})`, { cause: error });
    }
  }

  async function sendEach(deliveries: readonly Delivery[]): Promise<readonly SendOutcome[]> {
    const settled = await mapLimit(deliveries, concurrency, (delivery) => send(delivery.connectionId, delivery.data));
    const failures = settled.filter((result) => result.status === 'rejected');
    if (failures.length > 0) {
      // Every other delivery has been attempted: one bad connection does not starve the rest.
      throw new FanoutError(`${failures.length} of ${deliveries.length} sends failed`, {
        cause: failures[0]?.reason,
      });
    }
    return settled.map((result) => (result.status === 'fulfilled' ? result.value : 'gone'));
  }

  return { send, sendEach };
}

/** 410 from API Gateway: closed, never opened, an old id, or still inside $connect. */
function isGone(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error.name === 'GoneException' || status === 410;
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Like Promise.allSettled over `items`, with at most `limit` calls in flight; results in order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  call: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await call(items[index] as T) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
