import type { Database } from '@cq/kit/database';
import { groupLoader, rowLoader } from '@cq/kit/loaders';
import type { Moment } from '@cq/kit/moment';
import { nestedPageLoader } from '@cq/kit/paging';
import { dayOfMoment } from '@cq/kit/time';
import { and, inArray, type SQL } from 'drizzle-orm';
import { placedIn, placedOn, placementCounts, placementPages } from './queries.ts';
import type * as schema from './schema.ts';
import { dataCenters, type PlacementRow, placements } from './schema.ts';

type Db = Database<typeof schema>;

/**
 * Fresh for every request; each batch is one SQL statement. Placements and what they take are read as
 * they stood on the day of the request's moment (kit: moment.ts): now, today's; as of a moment asked for,
 * that day's (queries.ts: placedOn).
 */
export function createLoaders(db: Db, moment: Moment) {
  const day = dayOfMoment(moment.at);
  let pagesOfDataCenter: ReturnType<typeof nestedPageLoader<string, PlacementRow, null>> | undefined;
  return {
    dataCenter: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(dataCenters)
          .where(inArray(dataCenters.id, [...ids])),
      (d) => d.id,
    ),
    placement: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(placements)
          .where(inArray(placements.id, [...ids])),
      (p) => p.id,
    ),
    /** Each system's placement on the moment's day (one at most: a system is in one data centre at a time). */
    placementOfSystem: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(placements)
          .where(and(inArray(placements.systemId, [...ids]), placedOn(day))),
      (p) => p.systemId,
    ),
    placementsOfDataCenter: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(placements)
          .where(and(inArray(placements.dataCenterId, [...ids]), placedOn(day)))
          .orderBy(placements.id),
      (p) => p.dataCenterId,
    ),
    /**
     * A page of each data centre's placements on the moment's day, in id order, one statement for all the
     * data centres of a request (queries.ts: placementPages). `visible` is the caller's scope (policy.ts:
     * placementScopeSql); a request has one caller, so the scope first given is the request's.
     */
    placementPagesOfDataCenter: (visible: SQL | undefined) =>
      (pagesOfDataCenter ??= nestedPageLoader<string, PlacementRow, null>({
        order: [placements.id],
        rows: (ids, after, limit) => placementPages(db, ids, and(placedOn(day), visible, after), limit),
        parentOf: (p) => p.dataCenterId,
        keyOf: (p) => [p.id],
        counts: (ids) => placementCounts(db, ids, and(placedOn(day), visible)),
      })),
    /** Racks and power the programme's placements take in each data centre on the moment's day, summed exactly in SQL. */
    placedInDataCenter: rowLoader(
      (ids: readonly string[]) => placedIn(db, ids, day),
      (r) => r.dataCenterId,
    ),
    dataCentersOfOperator: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(dataCenters)
          .where(inArray(dataCenters.operatorVendorId, [...ids]))
          .orderBy(dataCenters.id),
      (d) => d.operatorVendorId ?? '',
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
