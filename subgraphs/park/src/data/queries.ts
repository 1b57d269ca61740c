/** The park's lists and the one statement of what placements take from each data centre. */
import type { Database } from '@cq/kit/database';
import { MAX_PAGE_SIZE, PARENT, type PageArgs, parentsOf, tablePage } from '@cq/kit/paging';
import { and, count, eq, gt, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { PlacementFilter, QueryDataCentersArgs, QueryParkServicesArgs } from '../generated/resolvers.ts';
import type * as schema from './schema.ts';
import { dataCenters, type PlacementRow, parkServices, placements } from './schema.ts';

type Db = Database<typeof schema>;

/** Placements in a data centre on a day (Asia/Shanghai): there from `since`, and not yet taken out (`until`). */
export const placedOn = (day: string): SQL | undefined =>
  and(lte(placements.since, day), or(isNull(placements.until), gt(placements.until, day)));

/** Placements not taken out: those of today and those dated ahead, all of which a new placement must leave room for. */
export const notTakenOut = (): SQL => isNull(placements.until);

/**
 * Racks and power the programme's placements take in each data centre, summed exactly in SQL: those
 * placed on a day (reads, at the request's moment), or, without a day, every placement not taken out
 * (a write's check of free capacity counts placements dated ahead too).
 */
export const placedIn = async (db: Db, ids: readonly string[], day?: string) =>
  await db
    .select({
      dataCenterId: placements.dataCenterId,
      racks: sql<number>`sum(${placements.racks})::int`,
      powerKw: sql<string>`sum(${placements.powerKw})::text`,
    })
    .from(placements)
    .where(and(inArray(placements.dataCenterId, [...ids]), day ? placedOn(day) : notTakenOut()))
    .groupBy(placements.dataCenterId);

/**
 * The first `limit` placements (in id order) of each data centre that meet `where` (the day, the caller's
 * scope, the cursor), in one statement: each data centre joined to its own page, read off the index on
 * (data_center_id, id).
 */
export async function placementPages(db: Db, dataCenterIds: string[], where: SQL | undefined, limit: number): Promise<PlacementRow[]> {
  const page = db
    .select()
    .from(placements)
    .where(and(eq(placements.dataCenterId, PARENT), where))
    .orderBy(placements.id)
    .limit(limit)
    .as('page');
  return (await db.select().from(parentsOf(dataCenterIds)).crossJoinLateral(page)).map((r) => r.page);
}

/** How many placements of each data centre meet `where`, in one statement. */
export async function placementCounts(db: Db, dataCenterIds: string[], where: SQL | undefined): Promise<Map<string, number>> {
  const rows = await db
    .select({ dataCenterId: placements.dataCenterId, n: count() })
    .from(placements)
    .where(and(inArray(placements.dataCenterId, dataCenterIds), where))
    .groupBy(placements.dataCenterId);
  return new Map(rows.map((r) => [r.dataCenterId, Number(r.n)]));
}

/**
 * The park's placements a page at a time in id order (`Query.placements`), as they stood on a day (the
 * request's moment's): in place then (`placedOn`), or, with `inPlace: false`, begun by then; in the
 * caller's scope (`visible`, policy.ts: placementScopeSql) and meeting the filter. Two statements: the
 * page, and the count when asked for.
 */
export function placementList(
  db: Db,
  day: string,
  visible: SQL | undefined,
  { filter, ...page }: PageArgs & { filter?: PlacementFilter | null },
) {
  const where = and(
    filter?.inPlace === false ? lte(placements.since, day) : placedOn(day),
    visible,
    filter?.dataCenterId ? eq(placements.dataCenterId, filter.dataCenterId) : undefined,
    filter?.systemId ? eq(placements.systemId, filter.systemId) : undefined,
    filter?.unitId ? eq(placements.unitId, filter.unitId) : undefined,
  );
  const order = [placements.id];
  return tablePage(db, placements, where, order, (p) => [p.id], page);
}

export const dataCenterList = async (db: Db, { kind, status }: Partial<QueryDataCentersArgs>) =>
  await db
    .select()
    .from(dataCenters)
    .where(and(kind ? eq(dataCenters.kind, kind) : undefined, status ? eq(dataCenters.status, status) : undefined))
    .orderBy(dataCenters.id)
    .limit(MAX_PAGE_SIZE);

export const parkServiceList = async (db: Db, { kind }: Partial<QueryParkServicesArgs>) =>
  await db
    .select()
    .from(parkServices)
    .where(kind ? eq(parkServices.kind, kind) : undefined)
    .orderBy(parkServices.id)
    .limit(MAX_PAGE_SIZE);

/** The systems in place on a day, for another subgraph's filter (units: `isPlaced`): one statement, ids only. */
export async function placedSystemIds(db: Db, day: string): Promise<string[]> {
  const rows = await db.selectDistinct({ id: placements.systemId }).from(placements).where(placedOn(day)).orderBy(placements.systemId);
  return rows.map((r) => r.id);
}
