import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, CfnElement, CfnOutput, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GAMES_ENTRY_DIR, readConfig, Turngate } from '../../infra/index.js';
import { refersTo, projectRoot as repo, resourcesOf } from './synth.js';

/**
 * turngate/cdk's construct in a developer's own stack, next to a resource of theirs: the backend's
 * resources are all there under the construct's id, and theirs is untouched. Synthesized without
 * bundling (functions.test.ts bundles the stack; the packed-package test bundles a developer's games).
 */
const gamesModule = path.join(repo, 'test', 'infra', 'fixtures', 'developer-games.ts');
let project: string;
let stack: Stack;
let games: Turngate;
let template: Template;

beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'turngate-construct-'));
  writeFileSync(path.join(project, 'package.json'), '{ "name": "my-app", "type": "module" }\n');
  writeFileSync(path.join(project, 'package-lock.json'), '{ "name": "my-app", "lockfileVersion": 3 }\n');
  const app = new App({
    outdir: path.join(project, 'cdk.out'),
    analyticsReporting: false,
    context: { 'aws:cdk:bundling-stacks': [], orderingMode: 'fifo' },
  });
  // What a developer writes in their own CDK app.
  stack = new Stack(app, 'MyApp');
  const saves = new Bucket(stack, 'Saves');
  games = new Turngate(stack, 'Games', { config: readConfig(stack.node), projectRoot: project, gamesModule });
  new CfnOutput(stack, 'LobbyEndpoint', { value: games.lobby.api.apiEndpoint });
  new CfnOutput(stack, 'SavesBucket', { value: saves.bucketName });
  template = Template.fromStack(stack);
});
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

const idOf = (construct: IConstruct): string => {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return stack.getLogicalId(resource);
};
const resources = () => template.toJSON().Resources as Record<string, { Type: string }>;

describe('the Turngate construct in a stack of ones own', () => {
  it('has a function per handler, each from an entry that bundles the developer’s games', () => {
    const names = games.handlers.all().map(([name]) => name);
    expect(names).toEqual(['authorizer', 'connect', 'disconnect', 'move', 'sync', 'default', 'queue', 'http']);
    for (const [, fn] of games.handlers.all()) {
      expect(resources()[idOf(fn)]?.Type).toBe('AWS::Lambda::Function');
      expect(idOf(fn)).toMatch(/^GamesHandlers/);
    }
    expect(readdirSync(path.join(project, GAMES_ENTRY_DIR)).sort()).toEqual(
      [...names, 'sweeper'].map((name) => `${name}.ts`).sort(),
    );
    expect(idOf(games.sweeper.function)).toMatch(/^GamesSweeper/);
  });

  it('has its four tables and the moves queue, named under the construct', () => {
    const tables = [games.tables.games, games.tables.moveLog, games.tables.connections, games.tables.play].map(idOf);
    expect(Object.keys(resourcesOf(template, 'AWS::DynamoDB::Table')).sort()).toEqual([...tables].sort());
    expect(tables.every((id) => id.startsWith('GamesData'))).toBe(true);
    if (!games.moves) throw new Error('a fifo Turngate has a moves queue');
    expect(resources()[idOf(games.moves.queue)]?.Type).toBe('AWS::SQS::Queue');
  });

  it('has the WebSocket API and the lobby HTTP API', () => {
    const apis = resourcesOf(template, 'AWS::ApiGatewayV2::Api');
    expect(apis[idOf(games.sockets.api)]?.Properties.ProtocolType).toBe('WEBSOCKET');
    expect(apis[idOf(games.lobby.api)]?.Properties.ProtocolType).toBe('HTTP');
    expect(Object.keys(apis)).toHaveLength(2);
  });

  it('leaves the developer’s own resources and outputs as they wrote them', () => {
    const buckets = Object.keys(resourcesOf(template, 'AWS::S3::Bucket'));
    // Theirs, and the construct's bucket for the web UI.
    expect(buckets.filter((id) => id.startsWith('Saves'))).toHaveLength(1);
    expect(buckets.filter((id) => id.startsWith('GamesEdgeWeb'))).toHaveLength(1);
    expect(buckets).toHaveLength(2);
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(refersTo(outputs.LobbyEndpoint?.Value, idOf(games.lobby.api))).toBe(true);
    // The construct's outputs are the stack's, under the names docs/deploy.md gives, next to theirs.
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'DeadLetterQueueUrl',
        'HttpApiUrl',
        'LobbyEndpoint',
        'ManagementEndpoint',
        'SavesBucket',
        'TokenSecretArn',
        'WebSocketUrl',
        'WebUrl',
      ].sort(),
    );
  });
});
