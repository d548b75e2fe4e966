import { createSyncHandler } from '../../handlers/index.js';
import { awsDeps } from '../wiring.js';

/** Lambda entry point: deps (and SDK clients) are built once per container, at cold start. */
export const handler = createSyncHandler(awsDeps());
