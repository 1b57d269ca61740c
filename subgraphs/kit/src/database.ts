import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Logger, type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { PoolSockets } from './database-socket.ts';
import { databaseRefusal } from './errors.ts';
import type { ServiceMetrics } from './metrics.ts';
import { endSpan, SpanKind, tracerOf, tracingOn } from './tracing.ts';

/** The drizzle database every resolver and loader gets (postgres.js underneath, embedded or not). */
export type Database<S extends Record<string, unknown>> = PgDatabase<PgQueryResultHKT, S>;

/** The handle a transaction callback gets: the same queries as the database, inside the transaction. */
export type Transaction<S extends Record<string, unknown>> = Parameters<Parameters<Database<S>['transaction']>[0]>[0];

/** Counts the SQL statements a database handle has run, so tests and benchmarks can prove "no N+1". */
export class StatementCounter implements Logger {
  count = 0;
  logQuery(): void {
    this.count += 1;
  }
}

/**
 * The kit's own tables (the audit log), in every subgraph's database: migrated after the subgraph's own,
 * with their own record of applied migrations so the two folders never mix.
 */
const KIT_MIGRATIONS = {
  migrationsFolder: fileURLToPath(new URL('../drizzle/', import.meta.url)),
  migrationsTable: '__drizzle_migrations_kit',
};

export interface OpenDatabaseOptions<S extends Record<string, unknown>> {
  schema: S;
  migrationsFolder: string;
  /** The subgraph's own PostgreSQL database (the embedded server's by default, see embedded.ts). */
  url: string;
  /** Fills an empty database with the programme's data; called after migrations on every open. */
  seed?: (db: Database<S>) => Promise<void>;
  /** The service it serves, for its spans, and its metrics (SQL time, pool use); none: not measured. */
  service?: string;
  metrics?: ServiceMetrics;
}

export interface OpenDatabase<S extends Record<string, unknown>> {
  db: Database<S>;
  /**
   * The same database through a small pool of its own, for other subgraphs' questions (role `service`,
   * reads only). A mutation holds a connection of `db` for its transaction while it asks a peer, and the
   * peer may ask back (the park checks units' plan while units asks the park): were the questions served
   * from the same pools, enough such mutations on two subgraphs would hold every connection of both, each
   * waiting for the other, until the peer timeout refused them all.
   */
  peerDb: Database<S>;
  statements: StatementCounter;
  /**
   * The same database through the peer pool, its statements not counted: the hub's own background reads
   * (the event feed's long polls, the relay to NATS), which are no request's statements.
   */
  backgroundDb: Database<S>;
  /**
   * Listens on a channel (PostgreSQL LISTEN) on a connection of its own, which postgres.js makes again
   * when it is lost; `onListening` runs each time listening (re)starts, since notifications sent while it
   * was down are lost: whoever listens reads again what it may have missed.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListening: () => void): Promise<{ unlisten(): Promise<void> }>;
  close(): Promise<void>;
}

/**
 * The session settings our SQL depends on, sent as startup parameters on every connection, so a server
 * (or a database, or a role) configured otherwise gives the same answers. A startup parameter outranks
 * postgresql.conf, `alter system`, `alter database … set` and `alter role … set`.
 * - DateStyle: dates turned into text (`::text` in SQL, and every date column: drizzle reads them as the
 *   server writes them) must read YYYY-MM-DD; `SQL, DMY` would answer 30/09/2015.
 * - IntervalStyle: an interval turned into text reads as PostgreSQL's own format, not `sql_standard`'s.
 * - TimeZone: the SQL names its offsets (`… 00:00:00+08`), so no answer should depend on the zone; an
 *   instant cast to a day (`::date`) or a timestamp without an offset is still read in the programme's
 *   zone (time.ts), never the server's.
 * - extra_float_digits: a float8 turned into text (epoch milliseconds) keeps every digit (PostgreSQL
 *   12's default, 1: the shortest exact form); 0 would round a millisecond instant to 15 digits.
 */
export const SESSION_SETTINGS = {
  DateStyle: 'ISO, MDY',
  IntervalStyle: 'postgres',
  TimeZone: 'Asia/Shanghai',
  extra_float_digits: '1',
} as const;

/**
 * Connecting gives up after this many seconds (postgres.js waits 30 by default): a subgraph that cannot
 * reach its database refuses to start promptly, and a request during an outage fails promptly.
 */
export const CONNECT_TIMEOUT_SECONDS = 5;

/** Connections of a subgraph's pool for its callers, and of the one for other subgraphs' questions (`peerDb`). */
const POOL_SIZE = 10;
const PEER_POOL_SIZE = 4;

/** Closing waits this long for statements in flight, then ends the connections anyway. */
const CLOSE_TIMEOUT_SECONDS = 5;

/** True when the connection string asks for TLS, which postgres.js layers over a socket of its own. */
const usesTls = (url: string) => /[?&]ssl(mode)?=(?!disable\b|false\b)/i.test(url);

/** Where a connection string points, without its user or password: for messages. */
export function databaseAddress(url: string): string {
  try {
    const { hostname, port, pathname } = new URL(url);
    return `${hostname || 'localhost'}:${port || '5432'}${pathname}`;
  } catch {
    return 'its database';
  }
}

/** The driver's or the server's reason, on one line, with its code (a SQLSTATE, the driver's own). */
const reasonOf = (error: unknown) => {
  const e = error as { message?: unknown; code?: unknown; cause?: unknown };
  // drizzle wraps the server's error ("Failed query: …") and keeps it as the cause.
  const reason = /^Failed query/.test(String(e.message)) && e.cause ? (e.cause as typeof e) : e;
  const text = String(reason.message ?? error)
    .replace(/\s+/g, ' ')
    .trim();
  return typeof reason.code === 'string' && !text.includes(reason.code) ? `${text} (${reason.code})` : text;
};

/** The tag of the migration (drizzle's journal, e.g. `0003_plans`) whose statements hold the one that failed. */
function failedMigration(folder: string, error: unknown): string | undefined {
  const query = (error as { query?: unknown }).query;
  if (typeof query !== 'string') return undefined;
  try {
    const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    return journal.entries.find(({ tag }) => readFileSync(join(folder, `${tag}.sql`), 'utf8').includes(query.trim()))?.tag;
  } catch {
    return undefined;
  }
}

/** Applies a folder's pending migrations (in one transaction: all or none); a failure names the migration. */
async function applyMigrations(db: unknown, config: { migrationsFolder: string; migrationsTable?: string }): Promise<void> {
  try {
    await migrate(db as never, config);
  } catch (error) {
    if (databaseUnreachable(error)) throw error;
    const tag = failedMigration(config.migrationsFolder, error);
    const which = tag ? `migration ${tag}` : `a migration of ${config.migrationsFolder}`;
    throw new Error(`${which} cannot be applied: ${reasonOf(error)}`);
  }
}

/** True for an error of a connection that could not be made or was lost (errors.ts: DATABASE_UNAVAILABLE). */
const databaseUnreachable = (error: unknown) => databaseRefusal(error)?.code === 'DATABASE_UNAVAILABLE';

/** The statement's first word, for a span's name (`sql SELECT`): never its values, which are parameters. */
const verbOf = (text: unknown) => (typeof text === 'string' ? (/^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL') : 'SQL');

type Client = postgres.Sql;

/**
 * A postgres.js client whose statements (those drizzle sends, through `unsafe`, in transactions and
 * savepoints too) are timed into the SQL histogram and, with tracing on, each one a span under the
 * request's. A statement is timed from the moment it is awaited (postgres.js runs it then) to its answer,
 * so waiting for a free connection counts.
 */
function measured(client: Client, pool: string, metrics: ServiceMetrics | undefined, service: string): Client {
  const tracer = tracerOf(service);
  const timed = (query: PromiseLike<unknown> & { values(): unknown }, text: unknown) => {
    let started = false;
    const wrapper: object = new Proxy(query, {
      get(target, property) {
        if (property === 'values') {
          return () => {
            target.values();
            return wrapper;
          };
        }
        if (property === 'then' && !started) {
          started = true;
          const span = tracingOn()
            ? tracer.startSpan(`sql ${verbOf(text)}`, {
                kind: SpanKind.CLIENT,
                attributes: {
                  'cq.service': service,
                  'cq.pool': pool,
                  'db.system': 'postgresql',
                  'db.query.text': String(text).slice(0, 2000),
                },
              })
            : undefined;
          const start = performance.now();
          const done = (error?: unknown) => {
            metrics?.sqlDuration.observe({ pool, outcome: error === undefined ? 'ok' : 'error' }, (performance.now() - start) / 1000);
            if (span) endSpan(span, error);
          };
          const settled = target.then(
            (value) => {
              done();
              return value;
            },
            (error: unknown) => {
              done(error ?? 'failed');
              throw error;
            },
          );
          return settled.then.bind(settled);
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return wrapper;
  };
  const wrap = (sql: Client): Client =>
    new Proxy(sql, {
      get(target, property) {
        if (property === 'unsafe')
          return (text: string, ...rest: unknown[]) =>
            timed((target.unsafe as (...args: unknown[]) => PromiseLike<unknown> & { values(): unknown })(text, ...rest), text);
        if (property === 'begin' || property === 'savepoint')
          return (...args: unknown[]) => {
            const callback = args.pop() as (tx: Client) => unknown;
            const method = Reflect.get(target, property, target) as (...a: unknown[]) => unknown;
            return method.call(target, ...args, (tx: Client) => callback(wrap(tx)));
          };
        return Reflect.get(target, property, target);
      },
    });
  return wrap(client);
}

/**
 * postgres.js reads the database's array types on every new connection (its `fetch_types`), and a
 * connection lost during that read leaves a promise nobody handles: an unhandled rejection, which ends a
 * process (seen when PostgreSQL is killed and the pool reconnects; the driver's `fetchArrayTypes`, 3.4.9).
 * The parsers it registers are shared by the whole pool, so once its first connection has read them (after
 * the migrations, which create the types), later connections need not: they start without that read.
 */
function typesKnown(client: postgres.Sql): void {
  (client.options as { fetch_types: boolean }).fetch_types = false;
}

export async function openDatabase<S extends Record<string, unknown>>(options: OpenDatabaseOptions<S>): Promise<OpenDatabase<S>> {
  const statements = new StatementCounter();
  const { metrics, service = 'database' } = options;
  const pool = (name: string, max: number) => {
    const sockets = new PoolSockets();
    const tls = usesTls(options.url);
    const raw = postgres(options.url, {
      // Migrator notices ("schema already exists, skipping") are noise on every start.
      onnotice: () => {},
      max,
      connection: SESSION_SETTINGS,
      connect_timeout: CONNECT_TIMEOUT_SECONDS,
      // Survives a connection lost inside a transaction (database-socket.ts); TLS connections keep the driver's own.
      ...(tls ? {} : { socket: sockets.connect }),
    });
    // Over TLS the driver's own socket carries the connections: their use is not seen (README, Observability).
    if (!tls) metrics?.watchPool(name, () => ({ ...sockets.use(), max }));
    return { raw, client: measured(raw, name, metrics, service) };
  };
  // Reached first, on a connection of its own: a database that cannot be reached is told apart from a
  // migration that fails. The migrations and the seed run on it too, and it closes before the pools open.
  const migrator = postgres(options.url, {
    onnotice: () => {},
    max: 1,
    connection: SESSION_SETTINGS,
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
  });
  try {
    await migrator`select 1`;
  } catch (error) {
    await migrator.end({ timeout: 0 });
    throw new Error(`the database at ${databaseAddress(options.url)} cannot be reached: ${reasonOf(error)}`);
  }
  const dropped = (error: unknown) =>
    new Error(`the database at ${databaseAddress(options.url)} dropped the connection while opening: ${reasonOf(error)}`);
  try {
    // The migrations create the types; then each pool's first connection reads them (typesKnown).
    const migrating = drizzle({ client: migrator, schema: options.schema, logger: statements }) as unknown as Database<S>;
    await applyMigrations(migrating, { migrationsFolder: options.migrationsFolder });
    await applyMigrations(migrating, KIT_MIGRATIONS);
    await options.seed?.(migrating);
  } catch (error) {
    throw databaseUnreachable(error) ? dropped(error) : error;
  } finally {
    await migrator.end({ timeout: CLOSE_TIMEOUT_SECONDS });
  }
  const { raw: rawClient, client } = pool('db', POOL_SIZE);
  const { raw: rawPeerClient, client: peerClient } = pool('peer', PEER_POOL_SIZE);
  const db = drizzle({ client, schema: options.schema, logger: statements }) as unknown as Database<S>;
  const peerDb = drizzle({ client: peerClient, schema: options.schema, logger: statements }) as unknown as Database<S>;
  const backgroundDb = drizzle({ client: peerClient, schema: options.schema }) as unknown as Database<S>;
  try {
    await Promise.all([rawClient`select 1`, rawPeerClient`select 1`]);
  } catch (error) {
    await Promise.all([rawClient.end({ timeout: 0 }), rawPeerClient.end({ timeout: 0 })]);
    throw dropped(error);
  }
  typesKnown(rawClient);
  typesKnown(rawPeerClient);
  return {
    db,
    peerDb,
    statements,
    backgroundDb,
    listen: (channel, onNotify, onListening) => rawClient.listen(channel, onNotify, onListening),
    // A connection the database dropped keeps postgres.js's end waiting for its lost statement: give up after a while.
    close: async () => {
      await Promise.all([rawClient.end({ timeout: CLOSE_TIMEOUT_SECONDS }), rawPeerClient.end({ timeout: CLOSE_TIMEOUT_SECONDS })]);
    },
  };
}

/** True when the table has no row: seeds use it to run only on a fresh database. */
export async function isEmpty(db: Database<Record<string, unknown>>, table: string): Promise<boolean> {
  return (await selectRows(db, sql.raw(`select 1 from ${table} limit 1`))).length === 0;
}

/** Runs a raw SQL statement and returns its rows. */
export async function selectRows<T>(db: Database<Record<string, unknown>>, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[];
}

/** The one row an insert, update or delete `returning()` gave; none is a broken invariant. */
export function onlyRow<T>([row]: T[]): T {
  if (!row) throw new Error('The statement returned no row.');
  return row;
}

/** The `n` of a `select count(*) as n` statement. */
export const countOf = (rows: { n: number }[]) => Number(rows[0]?.n ?? 0);
