import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  type Attribute,
  AttributeType,
  BillingMode,
  type GlobalSecondaryIndexProps,
  ProjectionType,
  Table,
  type TableProps,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { PLAY, playTable } from '../src/aws/play-table.js';
import {
  CONNECTIONS,
  connectionsTable,
  GAMES,
  gamesTable,
  moveLogTable,
  TIME_TO_LIVE_ATTRIBUTE,
} from '../src/aws/tables.js';

/**
 * The DynamoDB tables (connections, games, the games' move log, and the play table of ratings and quick-match pools), built from the very definitions the adapters and their tests use
 * (src/aws/tables.ts), so the deployed key schema, indexes and projections cannot drift from what
 * the code queries. The connections table is the seed's (key ConnectionId, GSI ByGameSessionId
 * INCLUDE UserId, on demand) plus TTL; tables.ts also projects ExpiresAt into the index, because
 * fan-out filters expired rows there and an index read can only filter on what it projects.
 */
export class DataTables extends Construct {
  readonly connections: Table;
  readonly games: Table;
  readonly moveLog: Table;
  /** Ratings and quick-match pools (src/aws/play-table.ts). */
  readonly play: Table;
  readonly playLeaderboardIndex: string = PLAY.leaderboardIndex;
  readonly connectionsByGameIndex: string = CONNECTIONS.byGameIndex;
  readonly gamesByStatusIndex: string = GAMES.byStatusIndex;
  /** The games table's other indexes: a player's matches, the lobby's and sweeps' phases, the deadline sweep's bounds. */
  readonly gamesOtherIndexes: readonly string[] = [GAMES.byPlayerIndex, GAMES.byPhaseIndex, GAMES.byDeadlineIndex];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Nothing in it outlives a connection (2 hours at most): tearing the stack down may delete it.
    this.connections = tableFrom(this, 'Connections', connectionsTable('unused'), {
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Matches, their move logs and the players' ratings are the players' data: point-in-time recovery,
    // kept on tear-down, and deletion protection, so no console click or script deletes them either
    // (turn it off first). Pools in the play table expire on their own (TTL).
    this.games = tableFrom(this, 'Games', gamesTable('unused'), PLAYERS_DATA);
    this.moveLog = tableFrom(this, 'MoveLog', moveLogTable('unused'), PLAYERS_DATA);
    this.play = tableFrom(this, 'Play', playTable('unused'), PLAYERS_DATA);
  }
}

const PLAYERS_DATA: Partial<TableProps> = {
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  deletionProtection: true,
  removalPolicy: RemovalPolicy.RETAIN,
};

/**
 * A CDK table from a CreateTable input. Table names are left to CloudFormation (so two stacks can
 * share an account); the handlers learn them from their environment.
 */
function tableFrom(
  scope: Construct,
  id: string,
  definition: CreateTableCommandInput,
  extra: Partial<TableProps>,
): Table {
  const attribute = (role: 'HASH' | 'RANGE', keys = definition.KeySchema): Attribute | undefined => {
    const name = keys?.find((key) => key.KeyType === role)?.AttributeName;
    return name === undefined ? undefined : { name, type: attributeType(definition, name) };
  };
  const partitionKey = attribute('HASH');
  if (!partitionKey) throw new Error(`table ${id} has no partition key`);
  if (definition.BillingMode !== 'PAY_PER_REQUEST') throw new Error(`table ${id} must be on demand`);
  const sortKey = attribute('RANGE');

  const table = new Table(scope, id, {
    partitionKey,
    ...(sortKey ? { sortKey } : {}),
    billingMode: BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: TIME_TO_LIVE_ATTRIBUTE,
    ...extra,
  });
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    const indexPartitionKey = attribute('HASH', index.KeySchema);
    const indexSortKey = attribute('RANGE', index.KeySchema);
    if (!index.IndexName || !indexPartitionKey) throw new Error(`table ${id} has an index without a name or key`);
    const props: GlobalSecondaryIndexProps = {
      indexName: index.IndexName,
      partitionKey: indexPartitionKey,
      ...(indexSortKey ? { sortKey: indexSortKey } : {}),
      ...projection(index.Projection),
    };
    table.addGlobalSecondaryIndex(props);
  }
  return table;
}

function attributeType(definition: CreateTableCommandInput, name: string): AttributeType {
  const type = definition.AttributeDefinitions?.find((attribute) => attribute.AttributeName === name)?.AttributeType;
  if (type === 'S') return AttributeType.STRING;
  if (type === 'N') return AttributeType.NUMBER;
  if (type === 'B') return AttributeType.BINARY;
  throw new Error(`attribute ${name} has no definition`);
}

type IndexProjection = NonNullable<CreateTableCommandInput['GlobalSecondaryIndexes']>[number]['Projection'];

function projection(value: IndexProjection): Pick<GlobalSecondaryIndexProps, 'projectionType' | 'nonKeyAttributes'> {
  switch (value?.ProjectionType) {
    case 'INCLUDE':
      return { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...(value.NonKeyAttributes ?? [])] };
    case 'KEYS_ONLY':
      return { projectionType: ProjectionType.KEYS_ONLY };
    default:
      return { projectionType: ProjectionType.ALL };
  }
}
