import { readdirSync, readFileSync } from 'node:fs';

/**
 * Reads CPU time and resident memory of a process and all its descendants from /proc, so that a
 * server that starts helpers (DynamoDB Local's JVM, for one) is charged for them too. Linux only,
 * which is where the benchmark runs.
 */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter((part) => part.trim() !== '')
        .map(Number),
    );
  } catch {
    return [];
  }
}

export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) tree.push(...children(tree[index] as number));
  return tree;
}

export interface ProcessSample {
  /** CPU seconds, user + system, summed over the tree. */
  readonly cpuSeconds: number;
  readonly rssBytes: number;
}

function sampleOne(pid: number): ProcessSample {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const rssPages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return { cpuSeconds: (utime + stime) / TICKS_PER_SECOND, rssBytes: rssPages * PAGE_BYTES };
  } catch {
    return { cpuSeconds: 0, rssBytes: 0 };
  }
}

export function sampleTree(pid: number): ProcessSample {
  return processTree(pid)
    .map(sampleOne)
    .reduce(
      (sum, sample) => ({ cpuSeconds: sum.cpuSeconds + sample.cpuSeconds, rssBytes: sum.rssBytes + sample.rssBytes }),
      {
        cpuSeconds: 0,
        rssBytes: 0,
      },
    );
}

/** The 1-minute load average: above the core count, the server and the bots are queueing for CPU. */
export function loadAverage(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}
