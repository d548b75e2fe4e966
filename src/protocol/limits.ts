/** API Gateway WebSocket quotas, mirrored by the local runtime so that what works locally works on AWS. */
export const MAX_MESSAGE_BYTES = 128 * 1024;
export const MAX_FRAME_BYTES = 32 * 1024;
export const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
export const MAX_CONNECTION_MS = 2 * 60 * 60 * 1000;

/** Client move ids: short and safe to use inside an SQS deduplication id (max 128 chars). */
export const MAX_MOVE_ID_LENGTH = 64;
export const MOVE_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
