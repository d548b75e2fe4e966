import { createServer, type Server } from 'node:http';
import { freePort } from './ports.js';

/**
 * Just enough of Secrets Manager for the real SDK client: GetSecretValue (JSON 1.1 protocol) for
 * the secrets a test puts in, ResourceNotFoundException otherwise. Counts reads, so tests can show
 * a secret is fetched once per container.
 */
export interface SecretsManagerLocal {
  readonly endpoint: string;
  put(arn: string, value: string): void;
  readonly reads: () => number;
  stop(): Promise<void>;
}

export async function startSecretsManagerLocal(): Promise<SecretsManagerLocal> {
  const secrets = new Map<string, string>();
  let reads = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const json = (status: number, body: unknown, errorType?: string) =>
        response
          .writeHead(status, {
            'content-type': 'application/x-amz-json-1.1',
            ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
          })
          .end(JSON.stringify(body));
      if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        return json(
          400,
          { __type: 'UnknownOperationException', message: 'not supported here' },
          'UnknownOperationException',
        );
      }
      reads++;
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      const value = SecretId === undefined ? undefined : secrets.get(SecretId);
      if (value === undefined) {
        return json(
          400,
          { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." },
          'ResourceNotFoundException',
        );
      }
      json(200, { ARN: SecretId, Name: 'token', SecretString: value, VersionId: 'v1' });
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    put: (arn, value) => {
      secrets.set(arn, value);
    },
    reads: () => reads,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
