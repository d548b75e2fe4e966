import { createSweeperHandler } from '../../handlers/index.js';
import { awsDeps } from '../wiring.js';

/** Lambda entry point: the retention sweeps, invoked every minute by an EventBridge schedule. */
export const handler = createSweeperHandler(awsDeps());
