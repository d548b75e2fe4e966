import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_NAMES, type HandlerName, SWEEPER } from '../../infra/handler-functions.js';
import {
  grantsOf as grantsIn,
  list,
  policies as policiesIn,
  refersTo,
  resourcesOf,
  type Statement,
  type Synthesized,
  handlerStatements as statementsIn,
  statementsOf,
  synthTurngate,
} from './synth.js';

let synth: Synthesized;
beforeAll(() => {
  synth = synthTurngate();
});
afterAll(() => synth?.dispose());

/** The roles of the eight handler functions: everything that runs while players play. */
/** Every function a stack always has: the routes' and the queue's, and the sweeper. */
const FUNCTIONS = [...HANDLER_NAMES, SWEEPER] as const;
const handlerRoleIds = () =>
  FUNCTIONS.map(
    (name) =>
      (synth.template.toJSON().Resources[synth.functionId(name)].Properties.Role as { 'Fn::GetAtt': [string] })[
        'Fn::GetAtt'
      ][0],
  );
const isHandlerPolicy = (policy: { Properties: Record<string, unknown> }) =>
  handlerRoleIds().some((roleId) => refersTo(policy.Properties.Roles, roleId));
const policies = () => policiesIn(synth).filter(([, policy]) => isHandlerPolicy(policy));
const handlerStatements = (name: HandlerName) => statementsIn(synth, name);
const grantsOf = (name: HandlerName) => grantsIn(synth, name);

/** What each handler's code does with AWS; kept here independently of infra/turngate-stack.ts. */
const EXPECTED: Record<(typeof FUNCTIONS)[number], string[]> = {
  authorizer: ['secretsmanager:GetSecretValue on secret'],
  connect: [
    'dynamodb:GetItem on connections',
    'dynamodb:GetItem on games',
    'dynamodb:PutItem on connections',
    'dynamodb:UpdateItem on games',
    // Counting the match's live connections against its limits.
    'dynamodb:Query on connections/index/ByGameSessionId',
  ],
  disconnect: ['dynamodb:DeleteItem on connections'],
  // In fifo mode (the synthesized default) the route settles what needs no place in the queue.
  move: [
    'dynamodb:DeleteItem on connections',
    'dynamodb:GetItem on connections',
    'dynamodb:GetItem on games',
    'dynamodb:UpdateItem on games',
    'dynamodb:BatchGetItem on play',
    'dynamodb:PutItem on play',
    'dynamodb:Query on connections/index/ByGameSessionId',
    'execute-api:ManageConnections on @connections',
    'sqs:SendMessage on moves',
  ],
  sync: [
    'dynamodb:DeleteItem on connections',
    'dynamodb:GetItem on connections',
    'dynamodb:GetItem on games',
    'execute-api:ManageConnections on @connections',
    // A sync that finds a bot that should be moving queues its turn (fifo, the synthesized default).
    'sqs:SendMessage on moves',
  ],
  default: ['dynamodb:DeleteItem on connections', 'execute-api:ManageConnections on @connections'],
  queue: [
    'dynamodb:DeleteItem on connections',
    'dynamodb:GetItem on connections',
    'dynamodb:GetItem on games',
    'dynamodb:PutItem on moveLog',
    'dynamodb:BatchGetItem on play',
    'dynamodb:PutItem on play',
    'dynamodb:Query on connections/index/ByGameSessionId',
    'dynamodb:UpdateItem on games',
    'execute-api:ManageConnections on @connections',
    'sqs:ChangeMessageVisibility on moves',
    'sqs:DeleteMessage on moves',
    'sqs:GetQueueAttributes on moves',
    'sqs:GetQueueUrl on moves',
    'sqs:ReceiveMessage on moves',
    // A settlement after which a bot may act queues the bot's turn.
    'sqs:SendMessage on moves',
  ],
  http: [
    'dynamodb:BatchGetItem on games',
    'dynamodb:DeleteItem on connections',
    'dynamodb:GetItem on connections',
    'dynamodb:GetItem on games',
    'dynamodb:PutItem on games',
    'dynamodb:PutItem on moveLog',
    'dynamodb:Query on connections/index/ByGameSessionId',
    'dynamodb:Query on games/index/ByPhase',
    'dynamodb:Query on games/index/ByPlayer',
    'dynamodb:Query on games/index/ByStatus',
    'dynamodb:Query on moveLog',
    'dynamodb:UpdateItem on games',
    'dynamodb:GetItem on play',
    'dynamodb:BatchGetItem on play',
    'dynamodb:PutItem on play',
    'dynamodb:UpdateItem on play',
    'dynamodb:Query on play',
    'dynamodb:Query on play/index/Leaderboard',
    'execute-api:ManageConnections on @connections',
    'secretsmanager:GetSecretValue on secret',
    // A player leaving a running match joins its FIFO group (fifo, the synthesized default).
    'sqs:SendMessage on moves',
  ],
  // What is due, ending a match, telling its players, deleting a finished one with its log and seats;
  // and settling a timeout (a log page, the match's FIFO group), for the deadline sweep to come.
  sweeper: [
    'dynamodb:BatchWriteItem on games',
    'dynamodb:BatchWriteItem on moveLog',
    'dynamodb:DeleteItem on connections',
    'dynamodb:DeleteItem on games',
    'dynamodb:GetItem on connections',
    'dynamodb:GetItem on games',
    'dynamodb:PutItem on moveLog',
    'dynamodb:Query on connections/index/ByGameSessionId',
    'dynamodb:Query on games/index/ByPhase',
    'dynamodb:Query on moveLog',
    'dynamodb:UpdateItem on games',
    'execute-api:ManageConnections on @connections',
    'sqs:SendMessage on moves',
  ],
};

describe('IAM: least privilege', () => {
  it('no handler policy statement grants a wildcard action or a "*" resource', () => {
    expect(policies().length).toBeGreaterThanOrEqual(HANDLER_NAMES.length);
    for (const [policyId, policy] of policies()) {
      for (const statement of statementsOf(policy)) {
        expect(statement.Effect, policyId).toBe('Allow');
        for (const action of list(statement.Action)) expect(action, policyId).not.toMatch(/\*/);
        for (const resource of list(statement.Resource)) {
          expect(resource, policyId).not.toBe('*');
          // Wildcards only where the name is unknowable at deploy time: connection ids, log streams.
          const text = JSON.stringify(resource);
          if (text.includes('*')) expect(text, policyId).toMatch(/\/POST\/@connections\/\*"\]\]\}$/);
        }
      }
    }
  });

  it.each(FUNCTIONS)('%s may do exactly what its code does', (name) => {
    expect(grantsOf(name)).toEqual([...EXPECTED[name]].sort());
  });

  it.each(FUNCTIONS)('%s writes only to its own log group', (name) => {
    const logGroups = Object.keys(resourcesOf(synth.template, 'AWS::Logs::LogGroup'));
    const logStatements = handlerStatements(name).filter((statement) =>
      list(statement.Action).some((action) => action.startsWith('logs:')),
    );
    expect(logStatements).toHaveLength(1);
    const statement = logStatements[0] as Statement;
    expect(list(statement.Action).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    const ownLogGroup = logGroups.filter((id) => refersTo(statement.Resource, id));
    expect(ownLogGroup).toHaveLength(1);
    const fnLogGroup = synth.template.toJSON().Resources[synth.functionId(name)].Properties.LoggingConfig?.LogGroup;
    expect(fnLogGroup).toEqual({ Ref: ownLogGroup[0] });
  });

  it('handler roles carry no AWS managed policy (AWSLambdaBasicExecutionRole covers every log group) and no inline wildcard', () => {
    const roles = resourcesOf(synth.template, 'AWS::IAM::Role');
    for (const roleId of handlerRoleIds()) {
      expect(roles[roleId]?.Properties.ManagedPolicyArns, roleId).toBeUndefined();
      expect(roles[roleId]?.Properties.Policies, roleId).toBeUndefined();
    }
  });

  it('the only other roles act at deploy time on the UI bucket, or are API Gateway logging', () => {
    const webBucket = synth.idOf(synth.stack.edge.web.bucket);
    const others = policiesIn(synth).filter(([, policy]) => !isHandlerPolicy(policy));
    expect(others.length).toBeGreaterThan(0);
    for (const [policyId, policy] of others) {
      for (const statement of statementsOf(policy)) {
        for (const resource of list(statement.Resource)) {
          expect(resource, policyId).not.toBe('*');
          // The web bucket, or CDK's bootstrap bucket that holds the built UI for the upload.
          const text = JSON.stringify(resource);
          expect(refersTo(resource, webBucket) || text.includes('cdk-hnb659fds-assets'), `${policyId} ${text}`).toBe(
            true,
          );
        }
      }
    }
    const roles = resourcesOf(synth.template, 'AWS::IAM::Role');
    const managed = Object.entries(roles)
      .filter(([roleId]) => !handlerRoleIds().includes(roleId))
      .flatMap(([, role]) => list(role.Properties.ManagedPolicyArns ?? []).map((arn) => JSON.stringify(arn)));
    for (const arn of managed)
      expect(arn).toMatch(/service-role\/(AWSLambdaBasicExecutionRole|AmazonAPIGatewayPushToCloudWatchLogs)/);
  });

  it('management API access is scoped to this API and stage', () => {
    const webSocketApiId = Object.entries(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Api')).find(
      ([, api]) => api.Properties.ProtocolType === 'WEBSOCKET',
    )?.[0] as string;
    const manageConnections = policies()
      .flatMap(([, policy]) => statementsOf(policy))
      .filter((statement) => list(statement.Action).includes('execute-api:ManageConnections'));
    expect(manageConnections.length).toBeGreaterThan(0);
    for (const statement of manageConnections) {
      expect(refersTo(statement.Resource, webSocketApiId)).toBe(true);
      expect(JSON.stringify(statement.Resource)).toContain('"/live/POST/@connections/*"');
    }
  });
});
