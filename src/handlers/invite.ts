import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { StoredMatch } from '../ports/index.js';

/** A fresh invite code: 128 random bits as base64url (protocol/play.ts INVITE_CODE_PATTERN). */
export const newInviteCode = (): string => randomBytes(16).toString('base64url');

/**
 * Does `code` open this match? A listed match needs none; an unlisted one exactly its own, compared
 * in constant time so the answer's timing tells nothing about how much of a guess was right.
 */
export function inviteOpens(stored: Pick<StoredMatch, 'invite'>, code: string | undefined): boolean {
  if (stored.invite === undefined) return true;
  if (code === undefined) return false;
  const expected = Buffer.from(stored.invite);
  const given = Buffer.from(code);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
