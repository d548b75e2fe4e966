import {
  ApiGatewayManagementApiClient,
  type ApiGatewayManagementApiClientConfig,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { FanoutError } from '../ports/errors.js';
import type { ApiEndpoint, Delivery, Fanout, FanoutFor, SendReport } from '../ports/fanout.js';
import { isTransientAwsError } from './transient-errors.js';

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
 * that connection); any other failure is a FanoutError, thrown by `send` and reported per delivery
 * by `sendEach`.
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
  async function send(connectionId: string, data: string): Promise<'sent' | 'gone'> {
    try {
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: encoder.encode(data) }));
      return 'sent';
    } catch (error) {
      if (isGone(error)) return 'gone';
      throw new FanoutError(`PostToConnection to ${connectionId} failed (${describe(error)})`, {
        cause: error,
        transient: isTransientAwsError(error),
      });
    }
  }

  function sendEach(deliveries: readonly Delivery[]): Promise<readonly SendReport[]> {
    return mapLimit(deliveries, concurrency, async ({ connectionId, data }): Promise<SendReport> => {
      try {
        return { outcome: await send(connectionId, data) };
      } catch (error) {
        const failure =
          error instanceof FanoutError ? error : new FanoutError(`sending to ${connectionId} failed`, { cause: error });
        return { outcome: 'failed', error: failure };
      }
    });
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

/** `call` over `items` with at most `limit` calls in flight; results in order. `call` must not throw. */
async function mapLimit<T, R>(items: readonly T[], limit: number, call: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await call(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
