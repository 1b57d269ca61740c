/**
 * The generator's own PostgreSQL connections and its bulk loader (postgres.js, typed here by the few calls
 * the generator makes, including the driver's internals it must reach). Rows go in with COPY (text format), every table of a database in
 * one transaction: all of the generated programme lands in a database, or none of it.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';

type Row = Record<string, unknown>;

interface PendingQuery<T> extends Promise<T> {
  /** For `copy … from stdin`: the stream the rows are written to. */
  writable(): Promise<NodeJS.WritableStream>;
  /** How the driver fails the query (see `copyInto`). */
  reject: (error: unknown) => void;
}

/** The part of a postgres.js client the generator uses. */
export interface Sql {
  unsafe<T extends Row[] = Row[]>(query: string, parameters?: unknown[]): PendingQuery<T>;
  begin<T>(run: (sql: Sql) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}

/** One connection to a database (COPY holds it for the whole load anyway). */
export const connect = (url: string): Sql => postgres(url, { max: 1, onnotice: () => {} }) as unknown as Sql;

/**
 * The rows of one table, as COPY takes them: the columns in order, and the rows as text, a chunk at a
 * time. A chunk is encoded only when the load asks for it, so the generator encodes while PostgreSQL
 * parses the chunk before (two cores both busy) and never holds every row as text at once.
 */
export interface CopyTable {
  table: string;
  columns: string[];
  count: number;
  /** The rows in COPY's text format, `size` lines per chunk, each line ending in a newline. */
  chunks(size: number): Iterable<string>;
}

/** COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped. */
const SPECIAL = /[\\\t\n\r]/;
const escapeText = (text: string) =>
  SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch] ?? ch) : text;

/** A text array as PostgreSQL writes it: each element quoted, with its quotes and backslashes escaped. */
const arrayLiteral = (items: readonly unknown[]) => `{${items.map((item) => `"${String(item).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** One value in COPY's text format: \N for null, t/f, ISO instants, array literals, JSON for objects. */
function encode(value: unknown, json: boolean): string {
  if (value === null) return '\\N';
  if (json) return escapeText(JSON.stringify(value));
  if (value === undefined) throw new Error('A generated row lacks a value for one of its columns.');
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`A generated number is not finite: ${value}.`);
    return String(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escapeText(arrayLiteral(value));
  if (typeof value === 'object') return escapeText(JSON.stringify(value));
  return escapeText(String(value));
}

/**
 * The rows of a table of a subgraph's drizzle schema, for COPY: `keys` name the columns by their property
 * in the schema (the column's SQL name is read from it), in the order they are written.
 */
export function copyOf<T extends { $inferInsert: object }, K extends keyof T['$inferInsert'] & keyof T & string>(
  table: string,
  schemaTable: T,
  keys: readonly K[],
  rows: readonly Pick<T['$inferInsert'], K>[],
): CopyTable {
  const columns = keys.map((key) => {
    const column = schemaTable[key] as { name?: unknown; columnType?: unknown };
    if (typeof column?.name !== 'string') throw new Error(`${table} has no column ${key} in its schema.`);
    // A JSON column holds arrays and objects as JSON, not as PostgreSQL arrays.
    return { name: column.name, json: column.columnType === 'PgJsonb' || column.columnType === 'PgJson' };
  });
  const json = columns.map((c) => c.json);
  const line = (row: (typeof rows)[number]) => {
    let text = '';
    for (let i = 0; i < keys.length; i++) text += (i ? '\t' : '') + encode(row[keys[i] as keyof typeof row], json[i] ?? false);
    return `${text}\n`;
  };
  return {
    table,
    columns: columns.map((c) => c.name),
    count: rows.length,
    *chunks(size) {
      for (let i = 0; i < rows.length; i += size)
        yield rows
          .slice(i, i + size)
          .map(line)
          .join('');
    },
  };
}

/** Rows per COPY chunk: big enough to keep the driver busy, small enough for a smooth progress bar. */
const CHUNK = 2_000;

/**
 * Loads tables into a database in one transaction, in the order given (a table before those that refer to
 * it): `before` and `after` are statements run around the copies. `loaded` hears of every chunk.
 */
export async function loadTables(
  sql: Sql,
  tables: readonly CopyTable[],
  { before = [], after = [], loaded }: { before?: string[]; after?: string[]; loaded: (rows: number) => void },
): Promise<void> {
  await sql.begin(async (tx) => {
    for (const statement of before) await tx.unsafe(statement);
    for (const { table, columns, count, chunks } of tables) {
      if (!count) continue;
      const query = tx.unsafe(`copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from stdin`);
      // postgres.js (3.4) settles a COPY's query with its stream, so a refusal the server sends after the last
      // row has gone out reaches no one and the load would wait forever: the query's reject is watched too.
      const refused = new Promise<never>((_, reject) => {
        const own = query.reject;
        query.reject = (error) => {
          reject(error);
          own(error);
        };
      });
      refused.catch(() => {});
      const stream = await query.writable();
      let left = count;
      const counted = function* () {
        for (const chunk of chunks(CHUNK)) {
          loaded(Math.min(CHUNK, left));
          left -= CHUNK;
          yield chunk;
        }
      };
      await Promise.race([pipeline(Readable.from(counted()), stream), refused]);
    }
    for (const statement of after) await tx.unsafe(statement);
  });
}
