import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

// TODO(tables): replace with the constants of src/aws/tables.ts when it lands.
const CONNECTIONS = {
  partitionKey: 'ConnectionId',
  byGameIndex: 'ByGameSessionId',
  byGameKey: 'GameSessionId',
  byGameProjection: ['UserId'],
  ttlAttribute: 'ExpiresAt',
} as const;
const GAMES = { partitionKey: 'GameSessionId', ttlAttribute: 'ExpiresAt' } as const;

/** The two DynamoDB tables: live connections (the seed's table, plus TTL) and matches. */
export class DataTables extends Construct {
  readonly connections: Table;
  readonly games: Table;
  /** Index names by table, so grants can name the exact index ARN instead of `index/*`. */
  readonly connectionsByGameIndex: string = CONNECTIONS.byGameIndex;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    // Exactly the seed's WebSocketConnectionDynamoDB, plus TTL: $disconnect is best effort, and
    // API Gateway drops every connection after 2 hours, so stale rows expire by themselves.
    this.connections = new Table(this, 'Connections', {
      partitionKey: { name: CONNECTIONS.partitionKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: CONNECTIONS.ttlAttribute,
      // Nothing here outlives a connection: tearing the stack down may delete it.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.connections.addGlobalSecondaryIndex({
      indexName: CONNECTIONS.byGameIndex,
      partitionKey: { name: CONNECTIONS.byGameKey, type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: [...CONNECTIONS.byGameProjection],
    });

    // Matches and their move logs are the players' data: point-in-time recovery, and kept on tear-down.
    this.games = new Table(this, 'Games', {
      partitionKey: { name: GAMES.partitionKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: GAMES.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
