/**
 * Runs DynamoDB Local in the foreground, for the local runtime's aws-local wiring or by hand:
 *
 *   npx tsx scripts/dynamodb-local.ts            # start, print the endpoint, stop on Ctrl-C
 *   npx tsx scripts/dynamodb-local.ts --fetch    # only fetch the jar into .cache/ (CI warm-up)
 *   npx tsx scripts/dynamodb-local.ts --tables   # start and create the turngate tables
 *
 * The jar comes from the npm package amplify-dynamodb-simulator (see test/support/dynamodb-local.ts).
 */
import { ensureDynamoDbLocal, startDynamoDbLocal } from '../test/support/dynamodb-local.js';
import { createTestTables, localDynamoClient } from '../test/support/local-aws.js';

const args = new Set(process.argv.slice(2));

if (args.has('--fetch')) {
  console.log(`DynamoDB Local is in ${await ensureDynamoDbLocal()}`);
} else {
  const engine = await startDynamoDbLocal();
  console.log(`DynamoDB Local listening on ${engine.endpoint} (in memory)`);
  if (args.has('--tables')) {
    const client = localDynamoClient(engine.endpoint);
    const tables = await createTestTables(client, 'turngate');
    client.destroy();
    console.log(`CONNECTIONS_TABLE=${tables.connectionsTable}\nGAMES_TABLE=${tables.gamesTable}`);
  }
  const stop = () => {
    void engine.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
