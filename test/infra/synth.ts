import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnUserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import type { IConstruct } from 'constructs';
import { readConfig } from '../../infra/config.js';
import { DEADLINE_SWEEP, type HandlerName, SWEEPER, TURN_TIMER } from '../../infra/handler-functions.js';
import { TurngateStack } from '../../infra/turngate-stack.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Synthesized {
  readonly stack: TurngateStack;
  readonly template: Template;
  /** The cloud assembly directory (bundled assets live in `asset.<hash>/`). */
  readonly outdir: string;
  /** The logical id of a handler's AWS::Lambda::Function. */
  functionId(name: HandlerName): string;
  /** The logical id of an L2 construct's CloudFormation resource (a table, a queue, an API…). */
  idOf(construct: IConstruct): string;
  /** Removes the cloud assembly. */
  dispose(): void;
}

export interface SynthOptions {
  /** Run esbuild for every handler (slow-ish); otherwise CDK skips bundling and uses placeholders. */
  readonly bundle?: boolean;
  /** CDK context, as `cdk deploy -c key=value` would pass it. */
  readonly context?: Readonly<Record<string, string>>;
}

/**
 * Synthesizes the stack exactly as infra/app.ts does, into a temporary cloud assembly, with no
 * account, no region and no lookups: what `npm run synth` does on a fresh clone.
 */
export function synthTurngate(options: SynthOptions = {}): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'turngate-cdk-'));
  const app = new App({
    outdir,
    analyticsReporting: false,
    // The suites check the fifo stack, which has every function and the queue; a stack with no
    // ordering mode chosen (the direct default) is checked in ordering-mode.test.ts.
    context: {
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      orderingMode: 'fifo',
      ...options.context,
    },
  });
  const stack = new TurngateStack(app, 'Turngate', {
    config: readConfig(app.node),
    projectRoot,
  });
  app.synth();
  const template = Template.fromStack(stack);
  const idOf = (construct: IConstruct): string => {
    const resource = construct.node.defaultChild;
    if (!(resource instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
    return stack.getLogicalId(resource);
  };
  return {
    stack,
    template,
    outdir,
    idOf,
    functionId: (name) => {
      if (name === SWEEPER) return idOf(stack.sweeper.function);
      if (name === TURN_TIMER && stack.turnTimers) return idOf(stack.turnTimers.function);
      if (name === DEADLINE_SWEEP && stack.turnTimers) return idOf(stack.turnTimers.sweep);
      return idOf(stack.handlers.get(name));
    },
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** The moves queue and its dead-letter queue, which only a `fifo` stack has. */
export function movesOf(synth: Synthesized): NonNullable<TurngateStack['moves']> {
  if (!synth.stack.moves) throw new Error('this stack has no moves queue: it was synthesized in the direct mode');
  return synth.stack.moves;
}

/** Resources of one type, by logical id. */
export type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; [key: string]: unknown }>;

export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** Does a CloudFormation value mention a resource (by Ref or Fn::GetAtt) anywhere inside it? */
export function refersTo(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((item) => refersTo(item, logicalId));
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  if (record.Ref === logicalId) return true;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[0] === logicalId) return true;
  return Object.values(record).some((item) => refersTo(item, logicalId));
}

/** The only resource of a type that refers to a logical id; fails loudly when there is not exactly one. */
export function onlyOne(resources: Resources, description: string): [string, Resources[string]] {
  const entries = Object.entries(resources);
  if (entries.length !== 1) throw new Error(`expected exactly one ${description}, found ${entries.length}`);
  return entries[0] as [string, Resources[string]];
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

export const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

export const policies = (synth: Synthesized) => Object.entries(resourcesOf(synth.template, 'AWS::IAM::Policy'));
export const statementsOf = (policy: { Properties: Record<string, unknown> }): Statement[] =>
  (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;

/** The policy statements attached to one handler's role. */
export function handlerStatements(synth: Synthesized, name: HandlerName): Statement[] {
  const role = synth.template.toJSON().Resources[synth.functionId(name)].Properties.Role as unknown;
  const roleId = (role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return policies(synth)
    .filter(([, policy]) => refersTo(policy.Properties.Roles, roleId))
    .flatMap(([, policy]) => statementsOf(policy));
}

/** "dynamodb:GetItem on games", "execute-api:ManageConnections on @connections", … */
export function grantsOf(synth: Synthesized, name: HandlerName): string[] {
  const ids = {
    games: synth.idOf(synth.stack.tables.games),
    moveLog: synth.idOf(synth.stack.tables.moveLog),
    play: synth.idOf(synth.stack.tables.play),
    connections: synth.idOf(synth.stack.tables.connections),
    moves: synth.stack.moves ? synth.idOf(synth.stack.moves.queue) : 'none',
    secret: Object.keys(resourcesOf(synth.template, 'AWS::SecretsManager::Secret'))[0] ?? 'none',
    schedulerRole: synth.stack.turnTimers ? synth.idOf(synth.stack.turnTimers.invokerRole) : 'none',
    timerFailures: synth.stack.turnTimers ? synth.idOf(synth.stack.turnTimers.failures) : 'none',
  };
  const logGroups = Object.keys(resourcesOf(synth.template, 'AWS::Logs::LogGroup'));
  const target = (resource: unknown): string => {
    const text = JSON.stringify(resource);
    if (text.includes('/index/ByGameSessionId') && refersTo(resource, ids.connections)) {
      return 'connections/index/ByGameSessionId';
    }
    if (text.includes('/index/ByStatus') && refersTo(resource, ids.games)) return 'games/index/ByStatus';
    if (text.includes('/index/ByPlayer') && refersTo(resource, ids.games)) return 'games/index/ByPlayer';
    if (text.includes('/index/ByDeadline') && refersTo(resource, ids.games)) return 'games/index/ByDeadline';
    if (text.includes('/index/Leaderboard') && refersTo(resource, ids.play)) return 'play/index/Leaderboard';
    if (text.includes('/index/ByPhase') && refersTo(resource, ids.games)) return 'games/index/ByPhase';
    if (text.includes('/POST/@connections/*')) return '@connections';
    if (text.includes(':schedule/') && synth.stack.turnTimers) {
      // The group's physical name, as CDK fixed it: this group's schedules, and no other group's.
      const group = synth.template.toJSON().Resources[synth.idOf(synth.stack.turnTimers.group)].Properties.Name;
      return text.endsWith(`:schedule/${group}/*"]]}`) ? 'turn timer schedules' : `unknown ${text}`;
    }
    if (logGroups.some((id) => refersTo(resource, id))) return 'logs';
    for (const [label, id] of Object.entries(ids)) if (refersTo(resource, id)) return label;
    return `unknown ${text}`;
  };
  return handlerStatements(synth, name)
    .flatMap((statement) =>
      list(statement.Action).flatMap((action) => list(statement.Resource).map((r) => `${action} on ${target(r)}`)),
    )
    .filter((grant) => !grant.endsWith(' on logs')) // checked on their own below
    .sort();
}

/** Stand-ins for what CloudFormation resolves at deploy time: plausible, and never reachable. */
export const DEPLOYED = {
  connectionsTable: 'Turngate-DataConnections-ABC123',
  gamesTable: 'Turngate-DataGames-DEF456',
  moveLogTable: 'Turngate-DataMoveLog-GHI789',
  playTable: 'Turngate-DataPlay-JKL012',
  movesQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/Turngate-MoveQueueMoves.fifo',
  tokenSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:TokenSecret-AbCdEf',
  webSocketApiId: 'abc123defg',
  lobbyApiId: 'lob456hijk',
  distributionDomain: 'd1234abcd.cloudfront.net',
  userPoolId: 'us-east-1_AbCdEfGhI',
  userPoolClientId: '1example23456789abcdefghij',
  region: 'us-east-1',
  urlSuffix: 'amazonaws.com',
} as const;

/** Resolves a CloudFormation value (literals, Ref, Fn::Join) with the DEPLOYED stand-ins; fails on anything else. */
export function deployedValue(synth: Synthesized, value: unknown, what = 'value'): string {
  const { stack, idOf } = synth;
  const refs: Record<string, string> = {
    [idOf(stack.tables.connections)]: DEPLOYED.connectionsTable,
    [idOf(stack.tables.games)]: DEPLOYED.gamesTable,
    [idOf(stack.tables.moveLog)]: DEPLOYED.moveLogTable,
    [idOf(stack.tables.play)]: DEPLOYED.playTable,
    [idOf(stack.sockets.api)]: DEPLOYED.webSocketApiId,
    [idOf(stack.lobby.api)]: DEPLOYED.lobbyApiId,
    'AWS::Region': DEPLOYED.region,
    'AWS::URLSuffix': DEPLOYED.urlSuffix,
  };
  if (stack.moves) refs[idOf(stack.moves.queue)] = DEPLOYED.movesQueueUrl;
  for (const id of Object.keys(synth.template.findResources('AWS::SecretsManager::Secret'))) {
    refs[id] = DEPLOYED.tokenSecretArn;
  }
  const userPool = stack.edge.userPool;
  if (userPool) {
    refs[idOf(userPool.pool)] = DEPLOYED.userPoolId;
    refs[idOf(userPool.client)] = DEPLOYED.userPoolClientId;
    // A hosted domain's Ref is its prefix, which the deployer chose at synth.
    refs[idOf(userPool.domain)] = (userPool.domain.node.defaultChild as CfnUserPoolDomain).domain;
  }
  const distribution = idOf(stack.edge.web.distribution);
  const resolve = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const ref = (part as { Ref?: string }).Ref;
    if (ref !== undefined && refs[ref] !== undefined) return refs[ref];
    const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    if (getAtt?.[0] === distribution && getAtt[1] === 'DomainName') return DEPLOYED.distributionDomain;
    const join = (part as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    if (join !== undefined) return join[1].map(resolve).join(join[0]);
    throw new Error(`cannot resolve ${what}: ${JSON.stringify(part)}`);
  };
  return resolve(value);
}

/**
 * A handler's environment as Lambda would see it after deployment: literals as synthesized,
 * references replaced by the DEPLOYED stand-ins. Fails on a reference it does not know.
 */
export function deployedEnvironment(synth: Synthesized, name: HandlerName): Record<string, string> {
  const variables = synth.template.toJSON().Resources[synth.functionId(name)].Properties.Environment
    .Variables as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(variables).map(([key, value]) => [key, deployedValue(synth, value, `${name}: ${key}`)]),
  );
}

/** The two uploads of the web UI: content-hashed files, then pages and config.json. */
export function webDeployments(synth: Synthesized): { hashed: Resources[string]; pages: Resources[string] } {
  const deployments = Object.entries(resourcesOf(synth.template, 'Custom::CDKBucketDeployment'));
  const find = (id: string) => {
    const found = deployments.find(([logicalId]) => logicalId.startsWith(`EdgeWeb${id}`));
    if (!found) throw new Error(`no web deployment ${id}`);
    return found[1];
  };
  return { hashed: find('HashedFiles'), pages: find('Pages') };
}

/**
 * The config.json the stack writes into the UI bucket, as the deployed UI would read it: the file
 * CDK staged in the cloud assembly, its deploy-time markers replaced by the DEPLOYED stand-ins.
 */
export function deployedRuntimeConfig(synth: Synthesized): unknown {
  const { pages } = webDeployments(synth);
  const keys = pages.Properties.SourceObjectKeys as string[];
  // No markers at all when every value is known at synth (custom domains, no pool).
  const markers = (pages.Properties.SourceMarkers ?? []) as Record<string, unknown>[];
  for (const [index, key] of keys.entries()) {
    const file = path.join(synth.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'config.json');
    if (!existsSync(file)) continue;
    let text = readFileSync(file, 'utf8');
    for (const [marker, value] of Object.entries(markers[index] ?? {})) {
      // jsonEscape: the values are spliced into JSON strings.
      text = text.replaceAll(marker, JSON.stringify(deployedValue(synth, value, marker)).slice(1, -1));
    }
    return JSON.parse(text);
  }
  throw new Error('the pages deployment writes no config.json');
}
