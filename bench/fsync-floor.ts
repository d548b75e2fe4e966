/**
 * `npx tsx bench/fsync-floor.ts [directory]`: how long this disk takes to make 4 KB durable, the floor
 * under any acknowledgement that waits for the disk (the durable default's single-pair round trip
 * cannot be shorter than a WebSocket round trip plus this). Two ways a WAL is written: appending (the
 * file grows, so its size must reach the disk too) and overwriting blocks that already exist (what
 * SQLite's WAL does once it has restarted after a checkpoint).
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SYNCS = 500;
const PAGE = Buffer.alloc(4096, 1);

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(3);
  return `p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms`;
}

/** Writes one page at each offset the pattern names and fdatasyncs it, timing write and sync together. */
function timeSyncs(path: string, offsetOf: (index: number) => number): number[] {
  const fd = openSync(path, 'r+');
  try {
    return Array.from({ length: SYNCS }, (_, index) => {
      const started = process.hrtime.bigint();
      writeSync(fd, PAGE, 0, PAGE.length, offsetOf(index));
      fdatasyncSync(fd);
      return Number(process.hrtime.bigint() - started) / 1e6;
    });
  } finally {
    closeSync(fd);
  }
}

const directory = mkdtempSync(join(process.argv[2] ?? tmpdir(), 'turngate-fsync-'));
try {
  const appended = join(directory, 'appended');
  closeSync(openSync(appended, 'w'));
  console.log(`append 4 KB + fdatasync:    ${percentiles(timeSyncs(appended, (index) => index * PAGE.length))}`);

  const overwritten = join(directory, 'overwritten');
  const fd = openSync(overwritten, 'w');
  for (let index = 0; index < SYNCS; index++) writeSync(fd, PAGE, 0, PAGE.length, index * PAGE.length);
  fdatasyncSync(fd);
  closeSync(fd);
  console.log(`overwrite 4 KB + fdatasync: ${percentiles(timeSyncs(overwritten, (index) => index * PAGE.length))}`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
