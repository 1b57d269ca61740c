/**
 * Memory of processes, as the machine accounts it: the proportional set size (PSS, from /proc) shares
 * each page among the processes that map it, so PostgreSQL's shared buffers and Node's shared code count
 * once in a sum, where resident sizes (RSS) would count them once per process. Without /proc (macOS), RSS.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** RSS and PSS of one process in kB, from /proc (Linux); undefined without /proc or once it is gone. */
export function residentKb(pid: number): { rss: number; pss: number } | undefined {
  const rollup = `/proc/${pid}/smaps_rollup`;
  try {
    if (!existsSync(rollup)) return undefined;
    const text = readFileSync(rollup, 'utf8');
    const rss = /^Rss:\s+(\d+) kB/m.exec(text)?.[1];
    const pss = /^Pss:\s+(\d+) kB/m.exec(text)?.[1];
    return rss && pss ? { rss: Number(rss), pss: Number(pss) } : undefined;
  } catch {
    return undefined;
  }
}

/** Megabytes of one process: its PSS, or its RSS from `ps` without /proc (0 once it is gone). */
export function memoryMb(pid: number): number {
  const resident = residentKb(pid);
  if (resident) return resident.pss / 1024;
  try {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
  } catch {
    return 0;
  }
}

/** A process and its children (PostgreSQL's backends), by pid. */
export function withChildren(pid: number): number[] {
  try {
    const children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    return [pid, ...children];
  } catch {
    return [pid];
  }
}

/** Megabytes of processes together. */
export const totalMemoryMb = (pids: readonly number[]) => Math.round(pids.reduce((sum, pid) => sum + memoryMb(pid), 0));
