import { randomFillSync } from 'node:crypto';

const ID_BYTES = 11;
// One call into the CSPRNG per 372 ids instead of one per id: ids are minted for every message.
const pool = Buffer.alloc(ID_BYTES * 372);
let offset = pool.length;

/**
 * API Gateway's connection, request and message ids are 11 random bytes in URL-safe base64 with its
 * one `=` of padding: 'V0H8xfjDoAMCKFg=', 'V3XXqcP_oAMCJAQ='. Ours look the same, so anything that
 * stores, logs or URL-encodes them behaves as it will on AWS.
 */
export function gatewayId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return `${id}=`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const pad = (value: number) => String(value).padStart(2, '0');

/**
 * API Gateway's `requestTime`: `07/Apr/2024:17:06:31 +0000` (CLF, always UTC). Built by hand: it is
 * stamped on every message, and `toLocaleString` builds an Intl formatter per call (a tenth of the
 * local server's CPU per move when it did).
 */
export function requestTime(epochMs: number): string {
  // Every message of the same second carries the same stamp: build it once per second.
  const second = Math.floor(epochMs / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastStamp = formatRequestTime(epochMs);
  }
  return lastStamp;
}

let lastSecond = Number.NaN;
let lastStamp = '';

function formatRequestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${time} +0000`;
}
