import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_NAMES, type HandlerName } from '../../infra/handler-functions.js';
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

const policies = () => policiesIn(synth);
const handlerStatements = (name: HandlerName) => statementsIn(synth, name);
const grantsOf = (name: HandlerName) => grantsIn(synth, name);

/** What each handler's code does with AWS; kept here independently of infra/turngate-stack.ts. */
const EXPECTED: Record<HandlerName, string[]> = {
  authorizer: ['secretsmanager:GetSecretValue on secret'],
  connect: [
    'dynamodb:GetItem on connections',
    'dynamodb:GetItem on games',
    'dynamodb:PutItem on connections',
    'dynamodb:UpdateItem on games',
  ],
  disconnect: ['dynamodb:DeleteItem on connections'],
  move: [
    'dynamodb:DeleteItem on connections',
    'dynamodb:GetItem on connections',
    'execute-api:ManageConnections on @connections',
    'sqs:SendMessage on moves',
  ],
  sync: [
    'dynamodb:DeleteItem on connections',
    'dynamodb:GetItem on connections',
    'dynamodb:GetItem on games',
    'execute-api:ManageConnections on @connections',
  ],
  default: ['dynamodb:DeleteItem on connections', 'execute-api:ManageConnections on @connections'],
  queue: [
    'dynamodb:DeleteItem on connections',
    'dynamodb:GetItem on connections',
    'dynamodb:GetItem on games',
    'dynamodb:PutItem on moveLog',
    'dynamodb:Query on connections/index/ByGameSessionId',
    'dynamodb:UpdateItem on games',
    'execute-api:ManageConnections on @connections',
    'sqs:ChangeMessageVisibility on moves',
    'sqs:DeleteMessage on moves',
    'sqs:GetQueueAttributes on moves',
    'sqs:GetQueueUrl on moves',
    'sqs:ReceiveMessage on moves',
  ],
  http: [
    'dynamodb:BatchGetItem on games',
    'dynamodb:DeleteItem on connections',
    'dynamodb:GetItem on connections',
    'dynamodb:GetItem on games',
    'dynamodb:PutItem on games',
    'dynamodb:PutItem on moveLog',
    'dynamodb:Query on connections/index/ByGameSessionId',
    'dynamodb:Query on games/index/ByStatus',
    'dynamodb:Query on moveLog',
    'dynamodb:UpdateItem on games',
    'execute-api:ManageConnections on @connections',
    'secretsmanager:GetSecretValue on secret',
  ],
};

describe('IAM: least privilege', () => {
  it('no policy statement grants a wildcard action or a "*" resource', () => {
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

  it.each(HANDLER_NAMES)('%s may do exactly what its code does', (name) => {
    expect(grantsOf(name)).toEqual([...EXPECTED[name]].sort());
  });

  it.each(HANDLER_NAMES)('%s writes only to its own log group', (name) => {
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

  it('roles carry no AWS managed policy (AWSLambdaBasicExecutionRole covers every log group) and no inline wildcard', () => {
    for (const [roleId, role] of Object.entries(resourcesOf(synth.template, 'AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns, roleId).toBeUndefined();
      expect(role.Properties.Policies, roleId).toBeUndefined();
    }
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
