/**
 * CPU time of the hub's processes over a run (Linux: /proc/<pid>/stat), to say where a request's time
 * goes: the gateway, a subgraph, the database (its whole tree) or the load generator itself. Elsewhere
 * nothing is reported.
 */
import { readFileSync } from 'node:fs';
import { processesOf } from './memory.ts';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User plus system CPU ticks of one process, or undefined where /proc does not tell. */
function ticksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces: fields are counted after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

export type CpuSnapshot = Record<string, Map<number, number>>;

/** The CPU ticks of every process of each named one; the bench process itself as `bench`. */
export function cpuSnapshot(pids: Record<string, number>, databases?: readonly string[]): CpuSnapshot {
  const snapshot: CpuSnapshot = {};
  for (const [name, rows] of Object.entries(processesOf({ ...pids, bench: process.pid }, databases))) {
    const ticks = new Map<number, number>();
    for (const { pid } of rows) {
      const n = ticksOf(pid);
      if (n !== undefined) ticks.set(pid, n);
    }
    if (ticks.size) snapshot[name] = ticks;
  }
  return snapshot;
}

/** CPU seconds each named process used between two snapshots (processes present in both). */
export function cpuSecondsBetween(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const seconds: Record<string, number> = {};
  for (const [name, ticks] of Object.entries(after)) {
    let used = 0;
    for (const [pid, n] of ticks) {
      const start = before[name]?.get(pid);
      if (start !== undefined) used += n - start;
    }
    seconds[name] = used / TICKS_PER_SECOND;
  }
  return seconds;
}
