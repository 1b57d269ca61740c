import { fileURLToPath } from 'node:url';
import { type Logger, type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

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
}

export interface OpenDatabase<S extends Record<string, unknown>> {
  db: Database<S>;
  statements: StatementCounter;
  close(): Promise<void>;
}

export async function openDatabase<S extends Record<string, unknown>>(options: OpenDatabaseOptions<S>): Promise<OpenDatabase<S>> {
  const statements = new StatementCounter();
  // Migrator notices ("schema already exists, skipping") are noise on every start.
  const client = postgres(options.url, { onnotice: () => {}, max: 10 });
  const db = drizzle({ client, schema: options.schema, logger: statements }) as unknown as Database<S>;
  await migrate(db as never, { migrationsFolder: options.migrationsFolder });
  await migrate(db as never, KIT_MIGRATIONS);
  await options.seed?.(db);
  return { db, statements, close: () => client.end() };
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
