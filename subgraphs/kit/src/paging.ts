import DataLoader from 'dataloader';
import { and, count, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { countOf, type Database } from './database.ts';
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

/** `(col1, col2, …) > (v1, v2, …)`: the rows after a cursor, in the order of the same columns (or expressions). */
export function afterKey(columns: SQLWrapper[], after: SortKey | null): SQL | undefined {
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
  order: SQLWrapper[],
  fetch: (after: SQL | undefined, limit: number) => Promise<R[]>,
  keyOf: (row: R) => SortKey,
  count: () => Promise<number>,
): Promise<Connection<R>> {
  const window = pageWindow(args);
  return toConnection(await fetch(afterKey(order, window.after), window.limit + 1), window, keyOf, count);
}

/**
 * A page of one table's rows meeting `where`, in `order` (its id last): the root lists' one shape. Two
 * statements: the page, and its count when a client asks for totalCount.
 */
export function tablePage<T extends PgTable>(
  db: Database<Record<string, unknown>>,
  table: T,
  where: SQL | undefined,
  order: PgColumn[],
  keyOf: (row: T['$inferSelect']) => SortKey,
  args: PageArgs,
): Promise<Connection<T['$inferSelect']>> {
  return keysetPage(
    args,
    order,
    async (after, limit) =>
      (await db
        .select()
        .from(table as PgTable)
        .where(and(where, after))
        .orderBy(...order)
        .limit(limit)) as T['$inferSelect'][],
    keyOf,
    async () =>
      countOf(
        await db
          .select({ n: count() })
          .from(table as PgTable)
          .where(where),
      ),
  );
}

/**
 * The parents of nested pages as a table, `parent(id)`, one row per parent id (given as one array
 * parameter): joined laterally to a subquery that names `PARENT` and ends in `order by … limit`, it reads
 * one page of every parent's list in one statement, each straight off an index on (parent, order) when
 * there is one, so the time follows the pages read, not the lists' lengths.
 */
export const parentsOf = (ids: readonly string[]): SQL => sql`unnest(${sql.param([...ids])}::text[]) as parent(id)`;

/** The id of the parent whose page a lateral subquery reads (see `parentsOf`). */
export const PARENT: SQL = sql`parent.id`;

/**
 * `row_number() over (partition by parent order by …)`: each row's place in its parent's list, for a list
 * that has to be derived whole before it can be paged (as of a moment, say). Kept to the first
 * `limit + 1` places, it gives one page of every parent's list in one statement, however many parents a
 * request reaches, though the statement reads every row of their lists.
 */
export const placeInParent = (parent: SQLWrapper, order: SQLWrapper[]): SQL<number> =>
  sql<number>`row_number() over (partition by ${parent} order by ${sql.join(order, sql`, `)})`.mapWith(Number);

/**
 * Where a list nested under many parents (a data centre's placements, a provider's contracts) comes from:
 * `rows` gives, for all the parents at once, at most `limit` rows of each after the cursor (`after`, the
 * condition `afterKey` builds on the list's order), in each parent's order; `counts` gives how many rows
 * each parent has over all pages. Each is one statement for all the parents. `filter` is the list's own
 * arguments besides the page (e.g. only stale tasks), the same for every parent of one field.
 */
export interface NestedPages<K, R, F> {
  order: SQLWrapper[];
  rows: (parents: K[], after: SQL | undefined, limit: number, filter: F) => Promise<R[]>;
  parentOf: (row: R) => K;
  keyOf: (row: R) => SortKey;
  counts: (parents: K[], filter: F) => Promise<Map<K, number>>;
}

/** The parents asked for with one set of arguments: they are answered by one statement. */
const groupBy = <T>(items: readonly T[], keyOf: (item: T) => string) => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
};

/**
 * A per-request loader of one keyset page of each parent's list. The pages of all the parents a field
 * reaches, asked with the same arguments, come from one statement (`NestedPages.rows`, which uses
 * `parentsOf` or `placeInParent`), and their totalCounts, when asked for, from one more: statements follow the
 * query's shape, never the number of parents or rows. `first` is checked before anything runs, so a
 * refusal (BAD_USER_INPUT) names the field that asked.
 */
export function nestedPageLoader<K extends string | number, R, F = null>(source: NestedPages<K, R, F>) {
  type Key = { parent: K; window: PageWindow; filter: F };
  const argsOf = ({ window, filter }: Pick<Key, 'window' | 'filter'>) => JSON.stringify([window.limit, window.after, filter]);
  const counts = new DataLoader<{ parent: K; filter: F }, number, string>(
    async (keys) => {
      const answers = new Map<string, number>();
      for (const group of groupBy(keys, ({ filter }) => JSON.stringify(filter)).values()) {
        const filter = (group[0] as { filter: F }).filter;
        const byParent = await source.counts(
          group.map((k) => k.parent),
          filter,
        );
        for (const { parent } of group) answers.set(JSON.stringify([parent, filter]), byParent.get(parent) ?? 0);
      }
      return keys.map(({ parent, filter }) => answers.get(JSON.stringify([parent, filter])) ?? 0);
    },
    { cacheKeyFn: ({ parent, filter }) => JSON.stringify([parent, filter]) },
  );
  const pages = new DataLoader<Key, Connection<R>, string>(
    async (keys) => {
      const answers = new Map<string, Connection<R>>();
      for (const group of groupBy(keys, argsOf).values()) {
        const { window, filter } = group[0] as Key;
        const parents = [...new Set(group.map((k) => k.parent))];
        const rows = await source.rows(parents, afterKey(source.order, window.after), window.limit + 1, filter);
        const byParent = new Map<K, R[]>(parents.map((p) => [p, []]));
        for (const row of rows) byParent.get(source.parentOf(row))?.push(row);
        for (const parent of parents) {
          const connection = toConnection(byParent.get(parent) ?? [], window, source.keyOf, () => counts.load({ parent, filter }));
          answers.set(JSON.stringify([parent, argsOf({ window, filter })]), connection);
        }
      }
      return keys.map((k) => answers.get(JSON.stringify([k.parent, argsOf(k)])) as Connection<R>);
    },
    { cacheKeyFn: (k) => JSON.stringify([k.parent, argsOf(k)]) },
  );
  return {
    /** One parent's page; `page` is checked here (first between 0 and 100, a cursor this API issued). */
    load: (parent: K, page: PageArgs, filter: F) => pages.load({ parent, window: pageWindow(page), filter }),
  };
}
