import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { badInput } from './errors.ts';

/** Pages never grow past this: every list an analyst can ask for is bounded. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** A sort key: the values of the order columns, the id last so that every key is unique. */
export type SortKey = (string | number)[];

export interface PageWindow {
  /** Rows to show; fetch one more to learn whether a next page exists. */
  limit: number;
  /** The sort key the page starts after (keyset paging: stable while rows are added). */
  after: SortKey | null;
}

export function pageWindow({ first, after }: PageArgs): PageWindow {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}; got ${first}.`, 'first');
  }
  return { limit, after: after == null ? null : decodeCursor(after) };
}

export const encodeCursor = (key: SortKey) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

function decodeCursor(cursor: string): SortKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length > 0 && key.every((v) => typeof v === 'string' || typeof v === 'number')) return key;
  } catch {
    // falls through to the error below
  }
  throw badInput(`after is not a cursor this API issued: ${cursor}.`, 'after');
}

/** `(col1, col2, …) > (v1, v2, …)`: the rows after a cursor, in the order of the same columns. */
export function afterKey(columns: PgColumn[], after: SortKey | null): SQL | undefined {
  if (!after) return undefined;
  if (after.length !== columns.length) throw badInput('after is a cursor of another list.', 'after');
  return sql`(${sql.join(columns, sql`, `)}) > (${sql.join(
    after.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

export interface Connection<R> {
  edges: { cursor: string; node: R }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Resolved only when asked for: graphql-js calls a function-valued property as the field's resolver. */
  totalCount: () => Promise<number>;
}

/** Builds a Relay connection from `limit + 1` rows fetched in sort-key order. */
export function toConnection<R>(
  rows: R[],
  { limit }: PageWindow,
  keyOf: (row: R) => SortKey,
  totalCount: () => Promise<number>,
): Connection<R> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node })),
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last === undefined ? null : encodeCursor(keyOf(last)) },
    totalCount,
  };
}

/**
 * One keyset page of a list in `order` (its columns, the id last): `fetch` runs the page's statement with
 * the condition for the rows after the cursor and a limit one past the page; `count` runs only when a
 * client asks for totalCount.
 */
export async function keysetPage<R>(
  args: PageArgs,
  order: PgColumn[],
  fetch: (after: SQL | undefined, limit: number) => Promise<R[]>,
  keyOf: (row: R) => SortKey,
  count: () => Promise<number>,
): Promise<Connection<R>> {
  const window = pageWindow(args);
  return toConnection(await fetch(afterKey(order, window.after), window.limit + 1), window, keyOf, count);
}
