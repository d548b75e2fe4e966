/**
 * How often a write re-reads the match after losing a version race. Moves are one FIFO group per
 * match, so the other writer is the lobby (a join, a start) or a second lobby request: both rare,
 * so a few tries settle it, and a match that keeps changing is reported rather than retried forever.
 */
export const MAX_WRITE_ATTEMPTS = 4;
