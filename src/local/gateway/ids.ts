import { randomBytes } from 'node:crypto';

/**
 * API Gateway's connection, request and message ids are 11 random bytes in URL-safe base64 with its
 * one `=` of padding: 'V0H8xfjDoAMCKFg=', 'V3XXqcP_oAMCJAQ='. Ours look the same, so anything that
 * stores, logs or URL-encodes them behaves as it will on AWS.
 */
export const gatewayId = (): string => `${randomBytes(11).toString('base64url')}=`;

/** API Gateway's `requestTime`: `07/Apr/2024:17:06:31 +0000` (CLF, always UTC). */
export function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = pad(date.getUTCDate());
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${day}/${month}/${date.getUTCFullYear()}:${time} +0000`;
}
