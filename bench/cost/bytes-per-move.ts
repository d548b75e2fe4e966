import type { BytesPerMoveRow } from '../report/report.js';

/** Filled in once the aws-local wiring exists. */
export async function measureBytesPerMove(): Promise<BytesPerMoveRow[]> {
  throw new Error('the aws-local wiring is not available yet');
}
