import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** One Lambda function per handler; each entry file is `<entryDir>/<name>.ts` exporting `handler`. */
export const HANDLER_NAMES = [
  'authorizer',
  'connect',
  'disconnect',
  'move',
  'sync',
  'default',
  'queue',
  'http',
] as const;
/**
 * The function EventBridge Scheduler invokes when a turn's time runs out (infra/turn-timers.ts): not
 * a route or a queue consumer, and only in a stack with turn timers.
 */
export const TURN_TIMER = 'turn-timer' as const;
/**
 * The deadline sweep (src/handlers/overdue-timeouts.ts), invoked every minute by an EventBridge rule
 * (infra/turn-timers.ts): settles a running match whose turn timer was lost. With turn timers only.
 */
export const DEADLINE_SWEEP = 'deadline-sweep' as const;
/** The consumer of the notice queue (infra/notices.ts): only in a stack with a notice webhook. */
export const NOTIFY = 'notify' as const;
/** The retention sweeps, run every minute by an EventBridge schedule (infra/sweeper.ts). */
export const SWEEPER = 'sweeper' as const;
export type HandlerName =
  | (typeof HANDLER_NAMES)[number]
  | typeof TURN_TIMER
  | typeof DEADLINE_SWEEP
  | typeof NOTIFY
  | typeof SWEEPER;

/** Three attempts of at most 5 s each, with backoff between them (src/aws/lambda/notify.ts), for a batch sent at once. */
export const NOTIFY_TIMEOUT = Duration.seconds(30);

/**
 * A run stops taking work after 40 s (src/handlers/sweeper.ts SWEEP_BUDGET_MS) and finishes the match
 * in hand; a minute is the schedule's period, so runs rarely overlap (harmless when they do).
 */
export const SWEEPER_TIMEOUT = Duration.seconds(60);

export const RUNTIME = Runtime.NODEJS_22_X;
export const ARCHITECTURE = Architecture.ARM_64;

/**
 * The handlers wait on DynamoDB, SQS and PostToConnection far more than they compute, so more memory
 * (and the CPU that comes with it) would mostly buy idle time. The benchmark's cost model assumes it.
 */
export const MEMORY_MB = 256;

/** WebSocket integrations time out after 29 s; a route handler that needs 10 s is already broken. */
const ROUTE_TIMEOUT = Duration.seconds(10);
/**
 * The consumer works through up to ten moves per batch, each a read, a write and a fan-out: well
 * under a second in all, normally. The rest is room for retries: a throttled SDK call takes up to
 * about 3 s before it gives up (three attempts, src/aws/wiring.ts), then the handler's own jittered
 * retries add at most 0.7 s of waiting per operation (src/handlers/retry.ts). Kept short on purpose:
 * the queue's visibility timeout cannot be shorter (infra/move-queue.ts), and that is how long a
 * failed record, and with it its whole match, waits before SQS hands it back.
 */
export const QUEUE_TIMEOUT = Duration.seconds(15);

const TIMEOUTS: Record<HandlerName, Duration> = {
  authorizer: ROUTE_TIMEOUT,
  connect: ROUTE_TIMEOUT,
  disconnect: ROUTE_TIMEOUT,
  move: ROUTE_TIMEOUT,
  sync: ROUTE_TIMEOUT,
  default: ROUTE_TIMEOUT,
  queue: QUEUE_TIMEOUT,
  http: ROUTE_TIMEOUT,
  // A schedule fires within its minute, possibly before the deadline: the function waits that out.
  [TURN_TIMER]: Duration.seconds(90),
  // A run takes no new work after 40 s (src/local/deadline-sweep-loop.ts, the Lambda entry): room to finish.
  [DEADLINE_SWEEP]: Duration.seconds(60),
  [NOTIFY]: NOTIFY_TIMEOUT,
  [SWEEPER]: SWEEPER_TIMEOUT,
};

/**
 * esbuild bundles CommonJS dependencies (parts of the AWS SDK among them) into an ES module; their
 * `require` of Node built-ins needs a real `require` in scope, which ES modules lack.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as turngateCreateRequire } from 'node:module'; const require = turngateCreateRequire(import.meta.url);";

/**
 * The SDK's default credential chain, swapped in every bundle for the environment alone
 * (src/aws/environment-credentials.ts says why). The module sits beside this file's sources, as
 * TypeScript in this repository and as JavaScript in the published package; where the package it
 * uses cannot be resolved from there (an optional peer a strict installer left out), bundles keep
 * the SDK's own chain rather than fail to build.
 */
const ENVIRONMENT_CREDENTIALS = ['ts', 'js']
  .map((extension) => fileURLToPath(new URL(`../src/aws/environment-credentials.${extension}`, import.meta.url)))
  .find((candidate) => existsSync(candidate) && resolvesFrom(candidate, '@aws-sdk/credential-provider-env'));

function resolvesFrom(file: string, specifier: string): boolean {
  try {
    createRequire(file).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parts of the AWS wiring a stack may leave out of a function's bundle when it gives that function
 * none of it (src/aws/wiring.ts): the SQS move queue, the SQS notice queue, EventBridge Scheduler.
 * Each omitted part is defined at bundle time as `process.env.TURNGATE_BUNDLE_<PART>` = 'omitted',
 * so esbuild drops the branch that builds it and the SDK client behind it.
 */
export const BUNDLE_PARTS = ['MOVE_QUEUE', 'NOTICES', 'TURN_TIMERS'] as const;
export type BundlePart = (typeof BUNDLE_PARTS)[number];

const omissions = (parts: readonly BundlePart[]): Record<string, string> =>
  Object.fromEntries(parts.map((part) => [`process.env.TURNGATE_BUNDLE_${part}`, JSON.stringify('omitted')]));

export interface HandlerFunctionsProps {
  /** The repository root: esbuild resolves from here and package-lock.json lives here. */
  readonly projectRoot: string;
  /** Where the Lambda entry files are, relative to `projectRoot`. */
  readonly entryDir: string;
  /** Configuration every handler reads (names and ARNs only, never a secret's value). */
  readonly environment: Readonly<Record<string, string>>;
  /** The handlers to create; all of them unless given (the direct ordering mode has no `queue`). */
  readonly names?: readonly HandlerName[];
  /** What each function's bundle leaves out, because the stack gives it none; nothing unless given. */
  readonly omitted?: (name: HandlerName) => readonly BundlePart[];
}

/**
 * The eight handler functions. Each gets its own role that starts empty (no AWS managed policy, whose
 * log permissions cover every log group in the account) and its own log group with a retention, so
 * each function can be granted exactly what it uses and no more.
 */
export class HandlerFunctions extends Construct {
  private readonly functions = new Map<HandlerName, NodejsFunction>();

  constructor(scope: Construct, id: string, props: HandlerFunctionsProps) {
    super(scope, id);
    for (const name of props.names ?? HANDLER_NAMES) this.functions.set(name, this.createFunction(name, props));
  }

  has(name: HandlerName): boolean {
    return this.functions.has(name);
  }

  get(name: HandlerName): NodejsFunction {
    const fn = this.functions.get(name);
    if (!fn) throw new Error(`no function for handler "${name}"`);
    return fn;
  }

  all(): readonly [HandlerName, NodejsFunction][] {
    return [...this.functions];
  }

  private createFunction(name: HandlerName, props: HandlerFunctionsProps): NodejsFunction {
    const id = pascalCase(name);
    const logGroup = new LogGroup(this, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `turngate ${name} handler`,
    });
    logGroup.grantWrite(role);
    const lockFile = path.join(props.projectRoot, 'package-lock.json');
    const tsconfig = path.join(props.projectRoot, 'tsconfig.json');
    return new NodejsFunction(this, id, {
      entry: path.join(props.projectRoot, props.entryDir, `${name}.ts`),
      handler: 'handler',
      projectRoot: props.projectRoot,
      // npm's lockfile when there is one; otherwise CDK looks for yarn's, pnpm's or bun's itself.
      ...(existsSync(lockFile) ? { depsLockFilePath: lockFile } : {}),
      runtime: RUNTIME,
      architecture: ARCHITECTURE,
      memorySize: MEMORY_MB,
      timeout: TIMEOUTS[name],
      role,
      logGroup,
      // No NODE_OPTIONS=--enable-source-maps: the handlers map stack traces on the first error instead
      // of at every cold start (src/aws/lazy-source-maps.ts).
      environment: props.environment,
      bundling: {
        // The locally installed esbuild (a dev dependency): synth needs neither Docker nor a network.
        forceDockerBundling: false,
        // The SDK is bundled, not taken from the runtime: pinned versions, smaller cold starts.
        bundleAwsSDK: true,
        externalModules: [],
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        target: 'node22',
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // No metafile: it would be zipped into every function (larger than the bundle itself) and it
        // names the output folder, so asset hashes would change with where cdk.out is.
        // A developer's project (turngate/cdk) may have no tsconfig.json: esbuild's defaults then.
        ...(existsSync(tsconfig) ? { tsconfig } : {}),
        logLevel: LogLevel.WARNING,
        define: omissions(props.omitted?.(name) ?? []),
        ...(ENVIRONMENT_CREDENTIALS
          ? { esbuildArgs: { '--alias': [`@aws-sdk/credential-provider-node=${ENVIRONMENT_CREDENTIALS}`] } }
          : {}),
      },
    });
  }
}

/** Construct ids; `Default` is avoided because CDK treats a child with that id as its parent's own resource. */
const pascalCase = (name: string): string =>
  name === 'default'
    ? 'DefaultRoute'
    : name.replace(/(^|-)([a-z])/g, (_all, _dash: string, letter: string) => letter.toUpperCase());
