import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { HandlerName } from './handler-functions.js';

type ItemAction = 'GetItem' | 'BatchGetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem';

/** What one handler does with AWS, and therefore all it may do. */
export interface HandlerAccess {
  readonly games?: readonly ItemAction[];
  /** Index names of the games table this handler queries. */
  readonly gamesIndexes?: readonly string[];
  readonly connections?: readonly ItemAction[];
  /** The move-log table: PutItem of a page, Query of pages, BatchWriteItem to delete a match's pages. */
  readonly moveLog?: readonly ('PutItem' | 'Query' | 'BatchWriteItem')[];
  /**
   * The play table (ratings, quick-match pools): BatchGetItem of ratings and PutItem of new ones
   * (inside the rating transaction), GetItem and UpdateItem of a pool, Query of a player's ratings.
   */
  readonly play?: readonly ('GetItem' | 'BatchGetItem' | 'PutItem' | 'UpdateItem' | 'Query')[];
  /** Queries the play table's Leaderboard index. */
  readonly leaderboard?: boolean;
  /** Queries the connections of one game through the ByGameSessionId index. */
  readonly connectionsByGame?: boolean;
  /** SendMessage to the moves queue (consuming is granted by the event source mapping). */
  readonly sendMoves?: boolean;
  /** PostToConnection on this API's stage. */
  readonly postToConnection?: boolean;
  /** Reads the token secret (HS256 deployments only). */
  readonly tokenSecret?: boolean;
}

export interface AccessTargets {
  readonly games: ITable;
  readonly connections: ITable;
  readonly moveLog: ITable;
  readonly play: ITable;
  readonly playLeaderboardIndex: string;
  readonly connectionsByGameIndex: string;
  /** Absent in the direct ordering mode, which has no queue. */
  readonly moves?: IQueue;
  readonly postToConnectionArn: string;
  readonly tokenSecret?: ISecret;
}

/**
 * Grants one handler exactly its `HandlerAccess`: named actions on named ARNs (the table, the one
 * index, the queue, this stage's @connections), never a wildcard action and never `*` as a resource.
 */
export function grantHandlerAccess(fn: IFunction, access: HandlerAccess, targets: AccessTargets): void {
  const allow = (actions: readonly string[], resources: readonly string[]): void => {
    if (actions.length > 0)
      fn.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: [...resources] }));
  };
  allow(dynamo(access.games), [targets.games.tableArn]);
  allow(
    access.gamesIndexes?.length ? ['dynamodb:Query'] : [],
    (access.gamesIndexes ?? []).map((index) => `${targets.games.tableArn}/index/${index}`),
  );
  allow(dynamo(access.connections), [targets.connections.tableArn]);
  allow(
    (access.moveLog ?? []).map((action) => `dynamodb:${action}`),
    [targets.moveLog.tableArn],
  );
  allow(
    (access.play ?? []).map((action) => `dynamodb:${action}`),
    [targets.play.tableArn],
  );
  allow(access.leaderboard ? ['dynamodb:Query'] : [], [
    `${targets.play.tableArn}/index/${targets.playLeaderboardIndex}`,
  ]);
  allow(access.connectionsByGame ? ['dynamodb:Query'] : [], [
    `${targets.connections.tableArn}/index/${targets.connectionsByGameIndex}`,
  ]);
  if (access.sendMoves) {
    if (!targets.moves) throw new Error('a handler sends moves to the queue, but this deployment has none');
    allow(['sqs:SendMessage'], [targets.moves.queueArn]);
  }
  allow(access.postToConnection ? ['execute-api:ManageConnections'] : [], [targets.postToConnectionArn]);
  if (access.tokenSecret) {
    if (!targets.tokenSecret) throw new Error('a handler reads the token secret, but this deployment uses JWKS');
    // GetSecretValue only: CDK's grantRead would add DescribeSecret, which no handler calls.
    allow(['secretsmanager:GetSecretValue'], [targets.tokenSecret.secretArn]);
  }
}

const dynamo = (actions: readonly ItemAction[] | undefined): string[] =>
  (actions ?? []).map((action) => `dynamodb:${action}`);

export type AccessByHandler = Readonly<Record<HandlerName, HandlerAccess>>;
