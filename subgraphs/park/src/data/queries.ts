/** The park's lists and the one statement of what placements take from each data centre. */
import type { Database } from '@cq/kit/database';
import { MAX_PAGE_SIZE } from '@cq/kit/paging';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { QueryDataCentersArgs, QueryParkServicesArgs } from '../generated/resolvers.ts';
import type * as schema from './schema.ts';
import { dataCenters, parkServices, placements } from './schema.ts';

type Db = Database<typeof schema>;

/** Racks and power the programme's placements take in each data centre, summed exactly in SQL. */
export const placedIn = async (db: Db, ids: readonly string[]) =>
  await db
    .select({
      dataCenterId: placements.dataCenterId,
      racks: sql<number>`sum(${placements.racks})::int`,
      powerKw: sql<string>`sum(${placements.powerKw})::text`,
    })
    .from(placements)
    .where(inArray(placements.dataCenterId, [...ids]))
    .groupBy(placements.dataCenterId);

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
