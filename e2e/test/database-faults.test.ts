/**
 * A subgraph facing its database's faults, on a throwaway PostgreSQL cluster of this file's own (a
 * temporary folder, a free port), so restarting or killing it touches nothing else: PostgreSQL restarted
 * and killed under load, a subgraph process killed during writes, and the start-ups it refuses. The telecom
 * subgraph serves: its createTariff writes a tariff and its audit entry in one transaction, so "nothing
 * half-written" is a count of both.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@cq/kit/embedded';
import type { Viewer } from '@cq/kit/identity';
import { listenSubgraph } from '@cq/kit/server';
import { carrierStaff, signedFor, TEST_SECRET } from '@cq/kit/testing';
import { createTelecomSubgraph } from '@cq/telecom';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, print } from 'graphql';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChildren } from '../../scripts/memory.ts';
import { tariffInput } from '../src/inputs.ts';
import { freePort, type SubgraphProcess, spawnSubgraphProcess, startSubgraphProcess } from '../src/processes.ts';
import { graphql } from './generated/graphql.ts';

const DATABASES = ['telecom', 'telecom_kill', 'telecom_migration'];
let folder: string;
let port: number;
let cluster: EmbeddedPostgres;
const processes: SubgraphProcess[] = [];

/** The cluster of this file, started (again) on its folder and port; durable, as the development hub's. */
const startCluster = () => startEmbeddedPostgres({ dir: join(folder, 'postgres'), port, databases: DATABASES });

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'mpg-faults-'));
  chmodSync(folder, 0o755); // the server may run as another user (as root, PostgreSQL runs as postgres)
  port = await freePort();
  cluster = await startCluster();
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill('SIGKILL')));
  await cluster?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Statements on one of the cluster's databases, over a connection of their own. */
async function onDatabase<T>(database: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(cluster.url(database), { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

const CARRIER: Viewer = carrierStaff('china-telecom-chongqing');
const CREATE_TARIFF = graphql(`mutation FaultsCreateTariff($input: CreateTariffInput!) { createTariff(input: $input) { id } }`);
const READ_TARIFFS = graphql(
  `query FaultsReadTariffs($id: ID!) { tariff(id: $id) { id } tariffs(carrierId: "china-telecom-chongqing") { id } }`,
);

/** Asks a subgraph over HTTP as the gateway would, signed for the viewer. */
async function ask<D, V>(url: string, operation: TypedDocumentNode<D, V>, variables: V, viewer: Viewer) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await signedFor(viewer)) },
    body: JSON.stringify({ query: print(operation), variables }),
  });
  return (await response.json()) as { data?: D | null; errors?: readonly GraphQLFormattedError[] };
}

/**
 * Writers and readers in a loop against one subgraph until stopped: each writer creates tariffs one
 * after another, then reads one back. It keeps what the client saw: tariffs acknowledged, the codes of
 * refusals, and the writes that got no answer at all (the process was killed).
 */
class Load {
  readonly acknowledged = new Set<string>();
  readonly unanswered = new Set<string>();
  /** Writes answered with an error: a write cut off while committing may be stored all the same. */
  readonly refused = new Set<string>();
  readonly refusedCodes: unknown[] = [];
  readonly readCodes: unknown[] = [];
  private running = true;
  private workers: Promise<void>[] = [];
  private waiting: { done: () => boolean; resolve: () => void }[] = [];

  constructor(
    private url: string,
    private prefix: string,
    writers: number,
  ) {
    this.workers = Array.from({ length: writers }, (_, w) => this.work(w));
  }

  get successes() {
    return this.acknowledged.size;
  }

  get failures() {
    return this.refusedCodes.length + this.readCodes.length + this.unanswered.size;
  }

  /** Settles once the condition holds (checked after every answer). */
  until(done: () => boolean): Promise<void> {
    return done() ? Promise.resolve() : new Promise((resolve) => this.waiting.push({ done, resolve }));
  }

  async stop() {
    this.running = false;
    await Promise.all(this.workers);
  }

  private answered() {
    const met = this.waiting.filter((w) => w.done());
    this.waiting = this.waiting.filter((w) => !met.includes(w));
    for (const w of met) w.resolve();
  }

  private async work(writer: number) {
    for (let n = 0; this.running; n++) {
      const id = `${this.prefix}-${writer}-${n}`;
      try {
        const written = await ask(this.url, CREATE_TARIFF, { input: tariffInput(id) }, CARRIER);
        if (written.data?.createTariff?.id === id) this.acknowledged.add(id);
        else {
          this.refused.add(id);
          this.refusedCodes.push(...(written.errors ?? [{ extensions: { code: 'NO_ERROR' } }]).map((e) => e.extensions?.code));
        }
        const read = await ask(this.url, READ_TARIFFS, { id }, CARRIER);
        this.readCodes.push(...(read.errors ?? []).map((e) => e.extensions?.code));
      } catch {
        // No answer at all: the process is gone.
        this.unanswered.add(id);
      }
      this.answered();
    }
  }
}

/** The tariffs of a load in the database, and how many ALLOWED audit entries name each. */
const stored = (database: string, prefix: string) =>
  onDatabase(database, async (sql) => ({
    tariffs: new Set((await sql<{ id: string }[]>`select id from tariffs where id like ${`${prefix}-%`}`).map((r) => r.id)),
    audited: (
      await sql<{ subject: string; n: number }[]>`select subject, count(*)::int as n from audit_log
        where operation = 'createTariff' and outcome = 'ALLOWED' and subject like ${`${prefix}-%`} group by subject`
    ).map((r) => [r.subject, r.n] as const),
  }));

/**
 * What the database holds agrees with what the writers were told: every acknowledged write is stored; a
 * stored write was acknowledged, or refused as the connection broke (cut off while committing, it may have
 * been made: DATABASE_UNAVAILABLE says so), never anything else; and each stored one has its one audit entry
 * (the same transaction wrote both: none is half-written).
 */
function committedAsAnswered(load: Load, { tariffs, audited }: Awaited<ReturnType<typeof stored>>) {
  for (const id of load.acknowledged) expect(tariffs).toContain(id);
  for (const id of tariffs) expect(load.acknowledged.has(id) || load.refused.has(id)).toBe(true);
  expect(new Map(audited)).toEqual(new Map([...tariffs].map((id) => [id, 1])));
}

describe('PostgreSQL restarted or killed under load', () => {
  it('fails the requests in flight with DATABASE_UNAVAILABLE, answers later ones without a restart, and half-writes nothing', async () => {
    const subgraph = await createTelecomSubgraph({ url: cluster.url('telecom'), secret: TEST_SECRET });
    const listening = await listenSubgraph(subgraph, 0);
    try {
      const load = new Load(listening.url, 'restart', 6);
      await load.until(() => load.successes >= 30);
      // A fast shutdown (as the start command's Ctrl-C): PostgreSQL ends every session, transactions in flight included.
      await cluster.stop();
      await load.until(() => load.failures > 0);
      cluster = await startCluster();
      const before = load.successes;
      await load.until(() => load.successes >= before + 30);
      await load.stop();

      expect(load.failures).toBeGreaterThan(0);
      expect(new Set([...load.refusedCodes, ...load.readCodes])).toEqual(new Set(['DATABASE_UNAVAILABLE']));
      expect(load.unanswered.size).toBe(0);
      // Every acknowledged write is there, and each stored one whole, with its one audit entry.
      committedAsAnswered(load, await stored('telecom', 'restart'));
      // No session of the subgraph's is left inside a transaction.
      const open = await onDatabase('telecom', (sql) => sql`select 1 from pg_stat_activity where state like 'idle in transaction%'`);
      expect(open.length).toBe(0);
    } finally {
      await listening.stop();
      await subgraph.database.close();
    }
  }, 60_000);

  it('keeps every acknowledged write when PostgreSQL itself is killed (kill -9) and recovers its folder', async () => {
    const subgraph = await createTelecomSubgraph({ url: cluster.url('telecom'), secret: TEST_SECRET });
    const listening = await listenSubgraph(subgraph, 0);
    try {
      const load = new Load(listening.url, 'crash', 6);
      await load.until(() => load.successes >= 30);
      // The server's own processes (sessions, WAL writer, checkpointer) end once they see it gone.
      const children = withChildren(cluster.pid).slice(1);
      process.kill(cluster.pid, 'SIGKILL');
      await load.until(() => load.failures > 0);
      await Promise.all(children.map(gone));
      cluster = await startCluster();
      const before = load.successes;
      await load.until(() => load.successes >= before + 30);
      await load.stop();

      expect(new Set([...load.refusedCodes, ...load.readCodes])).toEqual(new Set(['DATABASE_UNAVAILABLE']));
      committedAsAnswered(load, await stored('telecom', 'crash'));
    } finally {
      await listening.stop();
      await subgraph.database.close();
    }
  }, 60_000);
});

describe('a subgraph process killed (kill -9) during writes', () => {
  it('leaves the database at its last committed state: every acknowledged write whole, nothing half-written', async () => {
    const env = { TELECOM_DATABASE_URL: cluster.url('telecom_kill') };
    const first = await startSubgraphProcess('telecom', env);
    processes.push(first);
    const load = new Load(first.url, 'kill', 4);
    await load.until(() => load.successes >= 30);
    expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    await load.stop();

    const second = await startSubgraphProcess('telecom', { ...env, TELECOM_PORT: String(first.port) });
    processes.push(second);
    const { tariffs, audited } = await stored('telecom_kill', 'kill');
    for (const id of load.acknowledged) expect(tariffs).toContain(id);
    // A write cut short is there whole (it committed before the kill) or not at all.
    for (const id of tariffs) expect(load.acknowledged.has(id) || load.unanswered.has(id)).toBe(true);
    expect(new Map(audited)).toEqual(new Map([...tariffs].map((id) => [id, 1])));
    expect(load.refusedCodes).toEqual([]);
    // The restarted process reads them all and takes new writes.
    const after = await ask(second.url, CREATE_TARIFF, { input: tariffInput('kill-after') }, CARRIER);
    expect(after.data?.createTariff?.id).toBe('kill-after');
    const read = await ask(second.url, READ_TARIFFS, { id: 'kill-after' }, CARRIER);
    const listed = new Set(read.data?.tariffs.map((t) => t.id));
    for (const id of tariffs) expect(listed).toContain(id);
    await second.kill();
  });
});

describe('start-up refusals', () => {
  it('refuses to start, in one line naming the address and the reason, when nothing listens at the database address', async () => {
    const closed = await freePort();
    const refused = await spawnSubgraphProcess('telecom', { TELECOM_DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/telecom` });
    processes.push(refused);
    expect(await refused.exited).toEqual({ code: 1, signal: null });
    expect(refused.lines).toEqual([
      `telecom cannot start: the database at 127.0.0.1:${closed}/telecom cannot be reached: connect ECONNREFUSED 127.0.0.1:${closed}`,
    ]);
  });

  it('gives up after its connect timeout when the database address accepts but never answers', async () => {
    // A listener that takes connections and says nothing, as a server hung or a firewall dropping the replies.
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port: silentPort } = silent.address() as { port: number };
    try {
      const refused = await spawnSubgraphProcess('telecom', {
        TELECOM_DATABASE_URL: `postgres://postgres@127.0.0.1:${silentPort}/telecom`,
      });
      processes.push(refused);
      // Within vitest's 30 s only because the kit connects with a timeout of its own (postgres.js waits 30 s).
      expect(await refused.exited).toEqual({ code: 1, signal: null });
      expect(refused.lines).toEqual([
        `telecom cannot start: the database at 127.0.0.1:${silentPort}/telecom cannot be reached: write CONNECT_TIMEOUT 127.0.0.1:${silentPort}`,
      ]);
    } finally {
      silent.close();
    }
  });

  it('refuses to start, naming the migration and the database message, when a migration cannot be applied', async () => {
    // A table of the first migration's name already there, not made by it.
    await onDatabase('telecom_migration', (sql) => sql`create table carriers (note text)`);
    const refused = await spawnSubgraphProcess('telecom', { TELECOM_DATABASE_URL: cluster.url('telecom_migration') });
    processes.push(refused);
    expect(await refused.exited).toEqual({ code: 1, signal: null });
    expect(refused.lines).toEqual([
      'telecom cannot start: migration 0000_init cannot be applied: relation "carriers" already exists (42P07)',
    ]);
    // Nothing of the migration stayed: it runs in one transaction.
    const tables = await onDatabase('telecom_migration', (sql) => sql`select tablename from pg_tables where schemaname = 'public'`);
    expect(tables.map((t) => t.tablename)).toEqual(['carriers']);
  });
});

/** Settles once the process has ended (PostgreSQL's orphaned processes notice their server's end themselves). */
async function gone(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  while (alive()) await new Promise((resolve) => setTimeout(resolve, 20));
}
