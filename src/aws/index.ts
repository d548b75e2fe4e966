/**
 * `turngate/aws`: the Lambda entry points around the developer's games, and the AWS composition root
 * for those who wire their own. Needs the `@aws-sdk/*` clients (optional peer dependencies).
 */

export { gamesFromModule } from '../server/games-module.js';
export {
  authorizerFunction,
  connectFunction,
  deadlineSweepFunction,
  defaultFunction,
  disconnectFunction,
  httpFunction,
  moveFunction,
  notifyFunction,
  queueFunction,
  sweeperFunction,
  syncFunction,
  turnTimerFunction,
} from './lambda-functions.js';
export { createLambdaHandlers, type LambdaHandlers, type LambdaHandlersOptions } from './lambda-handlers.js';
export { type AwsClients, type AwsWiringOptions, createAwsClients, createAwsDeps } from './wiring.js';
