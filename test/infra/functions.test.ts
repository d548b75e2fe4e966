import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { IConstruct } from 'constructs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_NAMES, type HandlerName, SWEEPER } from '../../infra/handler-functions.js';
import { deployedEnvironment, movesOf, resourcesOf, type Synthesized, synthTurngate, webDeployments } from './synth.js';

const execFileAsync = promisify(execFile);
/** Every function of a stack without its options: one per handler, and the sweeper. */
const FUNCTIONS = [...HANDLER_NAMES, SWEEPER] as const;

// The one test file that runs esbuild for all eight handlers, as `npm run synth` does.
let synth: Synthesized;
let synthMs = 0;
beforeAll(() => {
  const started = performance.now();
  synth = synthTurngate({ bundle: true });
  synthMs = performance.now() - started;
  // Eight esbuild runs through npx: about 15 s alone, over a minute on a busy 2-core machine.
}, 300_000);
afterAll(() => {
  // Reported, not asserted: timings are no test's business, but a slow bundle should be visible.
  console.info(`synth with bundling of ${FUNCTIONS.length} functions: ${Math.round(synthMs)} ms`);
  synth?.dispose();
});

type Properties = Record<string, unknown> & { Environment?: { Variables?: Record<string, unknown> } };
const fn = (name: HandlerName): Properties =>
  synth.template.toJSON().Resources[synth.functionId(name)].Properties as Properties;

describe('handler functions', () => {
  it("are one function per handler; the others are CDK's deploy-time helpers for the UI bucket", () => {
    const handlers = FUNCTIONS.map((name) => synth.functionId(name));
    const others = Object.keys(resourcesOf(synth.template, 'AWS::Lambda::Function')).filter(
      (id) => !handlers.includes(id),
    );
    expect(handlers.every((id) => synth.template.toJSON().Resources[id])).toBe(true);
    // The upload of the built UI (BucketDeployment) and the emptying of its bucket on tear-down.
    expect(others.map((id) => id.replace(/[0-9A-F]{8,}$/, '')).sort()).toEqual([
      'CustomCDKBucketDeployment',
      'CustomS3AutoDeleteObjectsCustomResourceProviderHandler',
    ]);
  });

  it.each(FUNCTIONS)('%s runs Node.js 22 on arm64 with 256 MB (what bench/cost assumes)', (name) => {
    expect(fn(name)).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 256,
    });
  });

  it.each(FUNCTIONS)('%s finishes well inside the 29 s integration timeout, or the queue visibility', (name) => {
    // The sweeper is invoked by a schedule, not a route: a minute, its schedule's period.
    expect(fn(name).Timeout).toBeLessThanOrEqual(name === 'queue' || name === SWEEPER ? 60 : 28);
  });
});

describe('environment', () => {
  const refTo = (construct: IConstruct) => ({ Ref: synth.idOf(construct) });

  it.each(FUNCTIONS)('%s names the tables, the queue and the token settings', (name) => {
    const variables = fn(name).Environment?.Variables ?? {};
    expect(variables).toMatchObject({
      CONNECTIONS_TABLE: refTo(synth.stack.tables.connections),
      GAMES_TABLE: refTo(synth.stack.tables.games),
      MOVE_LOG_TABLE: refTo(synth.stack.tables.moveLog),
      PLAY_TABLE: refTo(synth.stack.tables.play),
      MOVES_QUEUE_URL: refTo(movesOf(synth).queue),
      TOKEN_ISSUER: 'turngate',
      TOKEN_AUDIENCE: 'turngate',
    });
    const [secretId] = Object.keys(resourcesOf(synth.template, 'AWS::SecretsManager::Secret'));
    expect(variables.TOKEN_SECRET_ARN).toEqual({ Ref: secretId });
  });

  it.each(FUNCTIONS)('%s holds no secret: every literal value is a known, public setting', (name) => {
    const publicLiterals = new Set(['turngate', 'live', 'fifo', '24h', '7d']);
    for (const [key, value] of Object.entries(fn(name).Environment?.Variables ?? {})) {
      if (typeof value === 'string') expect(publicLiterals, `${key}=${value}`).toContain(value);
      else expect(JSON.stringify(value), key).toMatch(/^\{"(Ref|Fn::GetAtt|Fn::Join)"/);
    }
  });

  it.each(FUNCTIONS)("%s posts to the stage's execute-api Management endpoint, set from the stack", (name) => {
    const apiId = synth.idOf(synth.stack.sockets.api);
    expect(fn(name).Environment?.Variables?.WEBSOCKET_MANAGEMENT_ENDPOINT).toEqual({
      'Fn::Join': [
        '',
        ['https://', { Ref: apiId }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/live'],
      ],
    });
  });

  it('lets Secrets Manager generate the token secret: its value is nowhere in the template', () => {
    const secrets = Object.values(resourcesOf(synth.template, 'AWS::SecretsManager::Secret'));
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(secrets[0]?.Properties.SecretString).toBeUndefined();
  });
});

describe('the web UI in the cloud assembly', () => {
  const uploaded = (): string => {
    const { hashed } = webDeployments(synth);
    const [key] = hashed.Properties.SourceObjectKeys as string[];
    return path.join(synth.outdir, `asset.${String(key).replace(/\.zip$/, '')}`);
  };

  it('is built as `npm start` serves it, its scripts and styles renamed by content hash', () => {
    const dir = uploaded();
    const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
    const referenced = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((match) => match[1] as string);
    expect(referenced.some((file) => /^assets\/app\.[0-9a-f]{12}\.js$/.test(file))).toBe(true);
    expect(referenced.some((file) => /^assets\/styles\.[0-9a-f]{12}\.css$/.test(file))).toBe(true);
    for (const file of referenced) expect(statSync(path.join(dir, file)).size, file).toBeGreaterThan(0);
    expect(html).not.toMatch(/"\.\/(app\.js|styles\.css)"/);
  });
});

describe('bundles in the cloud assembly', () => {
  const assetDir = (name: HandlerName): string => {
    const code = fn(name).Code as { S3Key?: unknown };
    expect(typeof code.S3Key).toBe('string');
    return path.join(synth.outdir, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`);
  };

  it.each(FUNCTIONS)('%s is bundled into index.mjs (the handler "index.handler" loads), its map beside it', (name) => {
    const bundle = path.join(assetDir(name), 'index.mjs');
    expect(existsSync(bundle)).toBe(true);
    // Nothing else is shipped: no esbuild metafile, which would name the folder cdk.out was in.
    expect(readdirSync(assetDir(name)).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    expect(statSync(bundle).size).toBeGreaterThan(0);
    expect(readFileSync(bundle, 'utf8')).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
  });

  it.each(FUNCTIONS)(
    '%s, as shipped, imports nothing but Node built-ins: the SDK and every library are inside',
    async (name) => {
      // esbuild re-reads the artifact itself, marking every import external: what is left must be built in.
      const bundle = path.join(assetDir(name), 'index.mjs');
      const result = await build({
        entryPoints: [bundle],
        bundle: true,
        write: false,
        metafile: true,
        platform: 'node',
        format: 'esm',
        external: ['*'],
        logLevel: 'silent',
      });
      const imports = Object.values(result.metafile.inputs).flatMap((input) =>
        input.imports.map((entry) => entry.path),
      );
      expect(imports.length).toBeGreaterThan(0);
      expect(imports.filter((specifier) => !isBuiltin(specifier))).toEqual([]);
    },
  );

  /**
   * A function's deployed environment for a bare Node process, with a JWKS URL in place of the
   * secret's ARN so that loading fetches nothing.
   */
  const bareEnvironment = (name: (typeof FUNCTIONS)[number]) => {
    const { TOKEN_SECRET_ARN: _byArn, ...deployed } = deployedEnvironment(synth, name);
    return {
      PATH: process.env.PATH ?? '',
      ...deployed,
      TOKEN_JWKS_URL: 'https://idp.invalid/.well-known/jwks.json',
      AWS_REGION: 'us-east-1',
    };
  };

  it.each(FUNCTIONS)('%s loads in a bare Node process and exports its handler', async (name) => {
    // Outside the repository, so nothing resolves from node_modules: the bundle must stand alone.
    // Loading builds clients but calls nothing.
    const bundle = pathToFileURL(path.join(assetDir(name), 'index.mjs')).href;
    const { stdout } = await execFileAsync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler);`,
      ],
      {
        cwd: tmpdir(),
        env: {
          ...bareEnvironment(name),
          AWS_ACCESS_KEY_ID: 'AKIDTURNGATETEST',
          AWS_SECRET_ACCESS_KEY: 'turngate-test-only',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
    );
    expect(stdout.trim()).toBe('function');
  });

  it.each(FUNCTIONS)('%s takes its credentials from the environment Lambda sets, without the default chain', (name) => {
    // The source map names every module inside the bundle (src/aws/environment-credentials.ts says why).
    const { sources } = JSON.parse(readFileSync(path.join(assetDir(name), 'index.mjs.map'), 'utf8')) as {
      sources: string[];
    };
    expect(sources.some((source) => source.includes('@aws-sdk/credential-provider-env/'))).toBe(true);
    const chain = /@aws-sdk\/(credential-provider-(node|ini|sso|process|web-identity|http|login)|nested-clients)\//;
    expect(sources.filter((source) => chain.test(source))).toEqual([]);
  });

  /**
   * Each function's composition root (src/aws/lambda-functions.ts) builds only the ports it uses, so
   * its bundle holds only their SDK clients; this fifo stack has no turn timers and no notices, so no
   * bundle holds EventBridge Scheduler (infra/handler-functions.ts BUNDLE_PARTS). jose verifies tokens,
   * the games module is what the functions that serve games carry.
   */
  const HEAVY_PARTS = {
    dynamodb: /@aws-sdk\/client-dynamodb\//,
    postToConnection: /@aws-sdk\/client-apigatewaymanagementapi\//,
    sqs: /@aws-sdk\/client-sqs\//,
    secretsManager: /@aws-sdk\/client-secrets-manager\//,
    scheduler: /@aws-sdk\/client-scheduler\//,
    jose: /node_modules\/jose\//,
    games: /\/games\/index\.ts$/,
  };
  type Part = keyof typeof HEAVY_PARTS;
  const settles: readonly Part[] = ['dynamodb', 'postToConnection', 'sqs', 'games'];
  const PARTS_OF: Record<(typeof FUNCTIONS)[number], readonly Part[]> = {
    authorizer: ['secretsManager', 'jose'],
    connect: ['dynamodb', 'games'],
    disconnect: ['dynamodb'],
    default: ['dynamodb', 'postToConnection'],
    move: settles,
    sync: settles,
    queue: settles,
    http: [...settles, 'secretsManager', 'jose'],
    sweeper: settles,
  };

  it.each(FUNCTIONS)('%s bundles only the SDK clients and libraries its own ports use', (name) => {
    const { sources } = JSON.parse(readFileSync(path.join(assetDir(name), 'index.mjs.map'), 'utf8')) as {
      sources: string[];
    };
    const bundled = Object.entries(HEAVY_PARTS)
      .filter(([, pattern]) => sources.some((source) => pattern.test(source)))
      .map(([part]) => part);
    expect(bundled.sort()).toEqual([...PARTS_OF[name]].sort());
  });

  it.each(FUNCTIONS)(
    '%s ships its source map, read on the first error rather than at load (no NODE_OPTIONS)',
    (name) => {
      expect(existsSync(path.join(assetDir(name), 'index.mjs.map'))).toBe(true);
      expect(fn(name).Environment?.Variables?.NODE_OPTIONS).toBeUndefined();
      // src/aws/lazy-source-maps.ts, installed by every function's maker (src/aws/lambda-functions.ts).
      expect(readFileSync(path.join(assetDir(name), 'index.mjs'), 'utf8')).toContain('prepareStackTrace');
    },
  );

  it("maps a stack trace thrown inside the move function's bundle to the handler's source", async () => {
    const bundle = pathToFileURL(path.join(assetDir('move'), 'index.mjs')).href;
    // An event without a request context: the handler throws on its first line.
    const script = `const m = await import(${JSON.stringify(bundle)});
await m.handler({}).catch((error) => console.log(error.stack));`;
    const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: tmpdir(),
      env: bareEnvironment('move'),
    });
    expect(stdout).toMatch(/^TypeError: .*connectionId/);
    expect(stdout).toMatch(/\n {4}at .* \(\/.*\/src\/handlers\/move\.ts:\d+:\d+\)\n/);
  });
});
