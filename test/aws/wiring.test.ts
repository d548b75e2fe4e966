import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exampleGames } from '../../games/index.js';
import { ticTacToe } from '../../games/tic-tac-toe.js';
import { signToken } from '../../src/auth/jwt.js';
import { AwsConfigError, readAwsConfig } from '../../src/aws/config.js';
import type { CapacityReport } from '../../src/aws/dynamo-support.js';
import { moveFunction } from '../../src/aws/lambda-functions.js';
import { createAwsDeps } from '../../src/aws/wiring.js';
import { createMatch } from '../../src/engine/index.js';
import { queuedMoveSchema } from '../../src/protocol/index.js';
import { type ConnectionsEndpoint, startConnectionsEndpoint } from '../support/connections-endpoint.js';
import { type Dynalite, startDynalite } from '../support/dynalite.js';
import { createTestTables, localClientConfig } from '../support/local-aws.js';
import { type SecretsManagerLocal, startSecretsManagerLocal } from '../support/secrets-manager-local.js';
import { type SqsLocal, startSqsLocal } from '../support/sqs-local.js';

const SECRET = 'a-development-secret-of-32-bytes!!';

const baseEnv = {
  CONNECTIONS_TABLE: 'connections',
  GAMES_TABLE: 'games',
  MOVE_LOG_TABLE: 'move-log',
  MOVES_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/moves.fifo',
  TOKEN_ISSUER: 'https://issuer.example',
  TOKEN_AUDIENCE: 'turngate',
  TOKEN_SECRET: SECRET,
  WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://omlo79fwk8.execute-api.us-east-1.amazonaws.com/Dev',
};

describe('readAwsConfig', () => {
  it('reads tables, queue, token settings and flags with their defaults', () => {
    const config = readAwsConfig(baseEnv);
    expect(config).toMatchObject({
      connectionsTable: 'connections',
      gamesTable: 'games',
      moveLogTable: 'move-log',
      ordering: 'fifo',
      movesQueueUrl: baseEnv.MOVES_QUEUE_URL,
      tokens: { secret: SECRET, issuer: 'https://issuer.example', audience: 'turngate' },
      allowSpectators: true,
      allowClientSeeds: false,
    });
    expect(config.managementEndpoint).toBe('https://omlo79fwk8.execute-api.us-east-1.amazonaws.com/Dev');
    expect(config.webSocketEndpoint).toEqual({
      domainName: 'omlo79fwk8.execute-api.us-east-1.amazonaws.com',
      stage: 'Dev',
    });
  });

  it('takes the direct ordering mode, which needs no queue and ignores one', () => {
    const { MOVES_QUEUE_URL: _queue, ...noQueue } = baseEnv;
    expect(readAwsConfig({ ...noQueue, ORDERING_MODE: 'direct' })).toMatchObject({ ordering: 'direct' });
    expect(readAwsConfig({ ...noQueue, ORDERING_MODE: 'direct' }).movesQueueUrl).toBeUndefined();
    expect(readAwsConfig({ ...baseEnv, ORDERING_MODE: 'direct' }).movesQueueUrl).toBeUndefined();
  });

  it('takes a JWKS provider with its algorithms', () => {
    const { TOKEN_SECRET: _, ...withoutSecret } = baseEnv;
    const config = readAwsConfig({
      ...withoutSecret,
      TOKEN_JWKS_URL: 'https://cognito-idp.us-east-1.amazonaws.com/pool/.well-known/jwks.json',
      TOKEN_ALGORITHMS: 'RS256, ES256',
      ALLOW_SPECTATORS: 'false',
    });
    expect(config.tokens).toMatchObject({ algorithms: ['RS256', 'ES256'] });
    expect(config.allowSpectators).toBe(false);
  });

  it("builds the Management API endpoint from the API's id, stage and Lambda's Region instead", () => {
    const { WEBSOCKET_MANAGEMENT_ENDPOINT: _, ...withoutEndpoint } = baseEnv;
    const byId = (region: string) =>
      readAwsConfig({
        ...withoutEndpoint,
        WEBSOCKET_API_ID: 'a1b2c3d4e5',
        WEBSOCKET_STAGE: 'live',
        AWS_REGION: region,
      });
    expect(byId('eu-west-1').managementEndpoint).toBe('https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/live');
    expect(byId('cn-north-1').managementEndpoint).toBe(
      'https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com.cn/live',
    );
    expect(
      readAwsConfig({ ...baseEnv, WEBSOCKET_MANAGEMENT_ENDPOINT: 'http://127.0.0.1:4510/local/' }).managementEndpoint,
    ).toBe('http://127.0.0.1:4510/local');
  });

  it.each([
    ['a missing table', { ...baseEnv, GAMES_TABLE: '' }, /GAMES_TABLE/],
    ['no move-log table', { ...baseEnv, MOVE_LOG_TABLE: undefined }, /MOVE_LOG_TABLE/],
    ['a queue that is not a URL', { ...baseEnv, MOVES_QUEUE_URL: 'moves' }, /MOVES_QUEUE_URL/],
    ['the fifo mode without its queue', { ...baseEnv, MOVES_QUEUE_URL: undefined }, /fifo needs MOVES_QUEUE_URL/],
    ['an unknown ordering mode', { ...baseEnv, ORDERING_MODE: 'lifo' }, /ORDERING_MODE/],
    ['a short secret', { ...baseEnv, TOKEN_SECRET: 'short' }, /TOKEN_SECRET/],
    ['no token source', { ...baseEnv, TOKEN_SECRET: undefined }, /exactly one of TOKEN_JWKS_URL/],
    ['two token sources', { ...baseEnv, TOKEN_JWKS_URL: 'https://x.example/jwks' }, /exactly one of/],
    [
      'a secret ARN that is no ARN',
      { ...baseEnv, TOKEN_SECRET: undefined, TOKEN_SECRET_ARN: 'token' },
      /TOKEN_SECRET_ARN/,
    ],
    ['an unknown algorithm', { ...baseEnv, TOKEN_ALGORITHMS: 'none' }, /TOKEN_ALGORITHMS/],
    [
      'no Management API endpoint',
      { ...baseEnv, WEBSOCKET_MANAGEMENT_ENDPOINT: undefined },
      /WEBSOCKET_MANAGEMENT_ENDPOINT \(https:\/\/\{apiId\}\.execute-api/,
    ],
    [
      'an endpoint without its stage',
      { ...baseEnv, WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://abc.execute-api.us-east-1.amazonaws.com' },
      /WEBSOCKET_MANAGEMENT_ENDPOINT/,
    ],
    ['an endpoint and an API id', { ...baseEnv, WEBSOCKET_API_ID: 'abc' }, /not both/],
    [
      'an API id without its stage',
      { ...baseEnv, WEBSOCKET_MANAGEMENT_ENDPOINT: undefined, WEBSOCKET_API_ID: 'abc', AWS_REGION: 'us-east-1' },
      /WEBSOCKET_STAGE/,
    ],
    [
      'an API id without a Region',
      { ...baseEnv, WEBSOCKET_MANAGEMENT_ENDPOINT: undefined, WEBSOCKET_API_ID: 'abc', WEBSOCKET_STAGE: 'live' },
      /AWS_REGION/,
    ],
  ])('refuses %s at cold start, naming the variable', (_, env, message) => {
    expect(() => readAwsConfig(env)).toThrow(AwsConfigError);
    expect(() => readAwsConfig(env)).toThrow(message);
  });
});

describe('createAwsDeps against local engines', () => {
  let dynalite: Dynalite;
  let sqs: SqsLocal;
  let gateway: ConnectionsEndpoint;
  let dynamodb: DynamoDBClient;

  beforeAll(async () => {
    [dynalite, sqs, gateway] = await Promise.all([startDynalite(), startSqsLocal(), startConnectionsEndpoint()]);
    dynamodb = new DynamoDBClient(localClientConfig(dynalite.endpoint));
  });

  afterAll(async () => {
    dynamodb?.destroy();
    await Promise.all([dynalite?.stop(), sqs?.stop(), gateway?.stop()]);
  });

  it('wires every port to its adapter, with injected clients and a local @connections endpoint', async () => {
    const tables = await createTestTables(dynamodb, 'wiring');
    const queueUrl = await sqs.createFifoQueue();
    const capacity: CapacityReport[] = [];
    const { region, credentials } = localClientConfig(gateway.url);
    const deps = createAwsDeps({
      games: exampleGames,
      env: {
        ...baseEnv,
        CONNECTIONS_TABLE: tables.connectionsTable,
        GAMES_TABLE: tables.gamesTable,
        MOVE_LOG_TABLE: tables.moveLogTable,
        MOVES_QUEUE_URL: queueUrl,
        WEBSOCKET_MANAGEMENT_ENDPOINT: `${gateway.url}/Dev`,
      },
      clients: { dynamodb, sqs: sqs.client },
      clientConfig: { region, credentials },
      onCapacity: (report) => capacity.push(report),
    });

    expect([...deps.games.keys()]).toContain('tic-tac-toe');
    const created = createMatch(ticTacToe, { seed: 'wiring' });
    if (!created.ok) throw new Error(created.error.message);
    expect(await deps.matches.create('m1', created.value, 1_000)).toBe('written');
    expect((await deps.matches.get('m1'))?.match).toEqual(created.value);
    expect(capacity.some((report) => report.operation === 'PutItem' && report.table === tables.gamesTable)).toBe(true);
    // The move log is read from its own table.
    expect(await deps.matches.moveLog('m1')).toEqual({ moves: [], next: null, through: created.value.version });
    expect(capacity.some((report) => report.operation === 'Query' && report.table === tables.moveLogTable)).toBe(true);

    await deps.connections.put({
      connectionId: 'c1=',
      gameSessionId: 'm1',
      userId: 'alice',
      connectedAt: 1,
      expiresAt: 4e9,
    });
    expect(await deps.connections.listByGame('m1', 1_000)).toEqual([
      { connectionId: 'c1=', userId: 'alice', expiresAt: 4e9 },
    ]);

    const move = {
      moveId: 'x1',
      seq: 1,
      gameSessionId: 'm1',
      userId: 'alice',
      connectionId: 'c1=',
      move: 'place',
      args: { cell: 4 },
      endpoint: { domainName: 'local', stage: 'Dev' },
      receivedAt: 2,
    };
    await deps.queue?.send(move);
    const [message] = await sqs.drain(queueUrl);
    expect(queuedMoveSchema.parse(JSON.parse(message?.Body ?? ''))).toEqual(move);

    gateway.open('c1=');
    expect(await deps.fanout({ domainName: 'local', stage: 'Dev' }).send('c1=', 'hello')).toBe('sent');
    expect(gateway.received('c1=')).toEqual(['hello']);

    const token = await signToken({
      userId: 'alice',
      secret: SECRET,
      issuer: baseEnv.TOKEN_ISSUER,
      audience: baseEnv.TOKEN_AUDIENCE,
      expiresIn: 60,
    });
    expect(await deps.tokens.verify(token)).toEqual({ userId: 'alice' });
    expect(deps.newId()).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});

describe('the HS256 key from Secrets Manager (TOKEN_SECRET_ARN, as the CDK stack deploys it)', () => {
  let secrets: SecretsManagerLocal;
  const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:turngate-token-AbCdEf';

  beforeAll(async () => {
    secrets = await startSecretsManagerLocal();
  });

  afterAll(async () => {
    await secrets?.stop();
  });

  const depsWith = (secretArn: string) => {
    const { TOKEN_SECRET: _, ...env } = baseEnv;
    const { region, credentials } = localClientConfig(secrets.endpoint);
    return createAwsDeps({
      games: exampleGames,
      env: { ...env, TOKEN_SECRET_ARN: secretArn },
      endpoints: { secretsManager: secrets.endpoint },
      clientConfig: { region, credentials },
    });
  };
  const tokenFor = (secret: string, userId = 'alice') =>
    signToken({ userId, secret, issuer: baseEnv.TOKEN_ISSUER, audience: baseEnv.TOKEN_AUDIENCE, expiresIn: 60 });

  it('verifies tokens with the secret read through the real SDK client, fetched once per container', async () => {
    secrets.put(ARN, SECRET);
    const deps = depsWith(ARN);
    const before = secrets.reads();
    expect(await deps.tokens.verify(await tokenFor(SECRET))).toEqual({ userId: 'alice' });
    expect(await deps.tokens.verify(await tokenFor(SECRET, 'bob'))).toEqual({ userId: 'bob' });
    expect(await deps.tokens.verify(await tokenFor('another-secret-that-is-32-bytes-long!'))).toBeUndefined();
    expect(secrets.reads() - before).toBe(1);
  });

  it('accepts a secret stored as JSON {"secret": …}', async () => {
    const arn = `${ARN}-json`;
    secrets.put(arn, JSON.stringify({ secret: SECRET }));
    expect(await depsWith(arn).tokens.verify(await tokenFor(SECRET))).toEqual({ userId: 'alice' });
  });

  it('fails loudly, not as a refusal, when the secret cannot be read, and tries again next time', async () => {
    const arn = `${ARN}-later`;
    const deps = depsWith(arn);
    const token = await tokenFor(SECRET);
    await expect(deps.tokens.verify(token)).rejects.toThrow(
      /could not read the token secret \(ResourceNotFoundException/,
    );
    await expect(deps.tokens.verify(token)).rejects.toHaveProperty('name', 'TokenVerifierError');
    secrets.put(arn, SECRET);
    expect(await deps.tokens.verify(token)).toEqual({ userId: 'alice' });
  });
});

describe('Lambda entry points', () => {
  it('each export a handler built from its own deps, at import', async () => {
    vi.stubEnv('AWS_REGION', 'us-east-1');
    for (const [name, value] of Object.entries(baseEnv)) vi.stubEnv(name, value);
    try {
      for (const name of ['authorizer', 'connect', 'disconnect', 'move', 'sync', 'default', 'queue', 'http']) {
        const module: { handler?: unknown } = await import(`../../src/aws/lambda/${name}.ts`);
        expect(typeof module.handler, name).toBe('function');
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('parts a stack left out of a bundle (infra/handler-functions.ts BUNDLE_PARTS)', () => {
  // esbuild folds `process.env.TURNGATE_BUNDLE_*` into a constant at bundle time; unbundled, the
  // same check reads the variable, so setting it here is what a bundle without the part does.
  const omitting = (part: string, make: () => unknown) => {
    vi.stubEnv(`TURNGATE_BUNDLE_${part}`, 'omitted');
    try {
      return make();
    } finally {
      vi.unstubAllEnvs();
    }
  };

  it('refuses at cold start, naming the variable, a moves queue its bundle has no client for', () => {
    expect(() => omitting('MOVE_QUEUE', () => moveFunction({ env: baseEnv, games: exampleGames }))).toThrow(
      /MOVES_QUEUE_URL is set, but this function was bundled for a stack without it/,
    );
  });

  it('refuses a notice queue or turn timers likewise', () => {
    const direct = { ...baseEnv, ORDERING_MODE: 'direct' };
    const notices = { ...direct, NOTICE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/notices' };
    expect(() => omitting('NOTICES', () => moveFunction({ env: notices, games: exampleGames }))).toThrow(
      /NOTICE_QUEUE_URL is set/,
    );
    const timers = {
      ...direct,
      TURN_TIMER_GROUP: 'timers',
      TURN_TIMER_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:turn-timer',
      TURN_TIMER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
    };
    expect(() => omitting('TURN_TIMERS', () => moveFunction({ env: timers, games: exampleGames }))).toThrow(
      /TURN_TIMER_GROUP, TURN_TIMER_FUNCTION_ARN, TURN_TIMER_ROLE_ARN is set/,
    );
  });

  it('builds the function when the stack gives it none of them', () => {
    const direct = { ...baseEnv, ORDERING_MODE: 'direct' };
    const handler = omitting('MOVE_QUEUE', () => moveFunction({ env: direct, games: exampleGames }));
    expect(typeof handler).toBe('function');
  });
});
