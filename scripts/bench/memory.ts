/**
 * Resident memory of the hub's processes, sampled while load runs; the peak is reported. A node process
 * is one process. The database server is its main process and all its children (one backend per
 * connection, plus its background workers): their RSS counts the shared buffers once per process, so
 * the PSS (each shared page divided among the processes that map it; Linux only) is given beside it.
 * On a shared server, backends of databases not the hub's are left out.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { residentKb } from '../memory.ts';

export interface MemoryFigure {
  /** Resident set size, MB (summed over the process tree for the database). */
  rssMb: number;
  /** Proportional set size, MB, where the system gives it (Linux). */
  pssMb?: number;
  /** Processes counted. */
  processes: number;
}

export interface ProcessRow {
  pid: number;
  ppid: number;
  args: string;
  /** From ps, where there is no /proc. */
  rssKb?: number;
}

/**
 * Every process with its parent and command line: read from /proc on Linux (cheap enough to sample
 * every second without spawning anything), from ps elsewhere.
 */
function processTable(): ProcessRow[] {
  if (existsSync('/proc/self/stat')) {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .flatMap((entry) => {
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          // The command name in parentheses may hold spaces: fields are counted after its closing one.
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
          return [{ pid: Number(entry), ppid, args }];
        } catch {
          return []; // gone meanwhile
        }
      });
  }
  const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,rss=,args='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return out
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), rssKb: Number(m[3]), args: m[4] ?? '' }));
}

/**
 * A PostgreSQL backend names its database in its title: "postgres: user database host(port) state",
 * after the cluster's name where it has one ("postgres: 15/main: user database …", Debian's clusters).
 */
const backendDatabase = (args: string) => args.match(/^postgres: (?:\S+: )?\S+ (\S+) \S+\(\d+\)/)?.[1];

const mb = (kb: number) => Math.round(kb / 102.4) / 10;

/** Each named process as rows of the process table: the database is its whole tree, less other databases' backends. */
export function processesOf(pids: Record<string, number>, databases?: readonly string[]): Record<string, ProcessRow[]> {
  const table = processTable();
  const children = new Map<number, ProcessRow[]>();
  for (const row of table) children.set(row.ppid, [...(children.get(row.ppid) ?? []), row]);
  const byPid = new Map(table.map((row) => [row.pid, row]));
  const processes: Record<string, ProcessRow[]> = {};
  for (const [name, pid] of Object.entries(pids)) {
    const root = byPid.get(pid);
    if (!root) continue;
    if (name !== 'database') {
      processes[name] = [root];
      continue;
    }
    const rows: ProcessRow[] = [];
    const walk = (row: ProcessRow) => {
      const db = backendDatabase(row.args);
      if (db && databases?.length && !databases.includes(db)) return;
      rows.push(row);
      for (const child of children.get(row.pid) ?? []) walk(child);
    };
    walk(root);
    processes[name] = rows;
  }
  return processes;
}

/** One sample: each named process (its tree for `database`), in MB. */
export function sampleMemory(pids: Record<string, number>, databases?: readonly string[]): Record<string, MemoryFigure> {
  const figures: Record<string, MemoryFigure> = {};
  for (const [name, rows] of Object.entries(processesOf(pids, databases))) {
    const resident = rows.map((row) => residentKb(row.pid));
    const linux = resident.every((kb) => kb !== undefined);
    figures[name] = linux
      ? {
          rssMb: mb(resident.reduce((sum, kb) => sum + (kb?.rss ?? 0), 0)),
          pssMb: mb(resident.reduce((sum, kb) => sum + (kb?.pss ?? 0), 0)),
          processes: rows.length,
        }
      : { rssMb: mb(rows.reduce((sum, row) => sum + (row.rssKb ?? 0), 0)), processes: rows.length };
  }
  return figures;
}

/** The larger of two figures of one process, field by field. */
function larger(a: MemoryFigure | undefined, b: MemoryFigure): MemoryFigure {
  const pss = Math.max(a?.pssMb ?? 0, b.pssMb ?? 0);
  return {
    rssMb: Math.max(a?.rssMb ?? 0, b.rssMb),
    ...(a?.pssMb !== undefined || b.pssMb !== undefined ? { pssMb: pss } : {}),
    processes: Math.max(a?.processes ?? 0, b.processes),
  };
}

/** The peak of each process over several samplings. */
export function mergePeaks(peaks: Record<string, MemoryFigure>[]): Record<string, MemoryFigure> {
  const merged: Record<string, MemoryFigure> = {};
  for (const peak of peaks) for (const [name, figure] of Object.entries(peak)) merged[name] = larger(merged[name], figure);
  return merged;
}

/** Samples every `intervalMs` until stopped; the peak of each process over the samples. */
export function memorySampler(pids: Record<string, number>, databases?: readonly string[], intervalMs = 1000) {
  const peak: Record<string, MemoryFigure> = {};
  const take = () => {
    try {
      for (const [name, figure] of Object.entries(sampleMemory(pids, databases))) peak[name] = larger(peak[name], figure);
    } catch {
      // ps missing or a process gone: the run's answers say what went wrong
    }
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop(): Record<string, MemoryFigure> {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}
