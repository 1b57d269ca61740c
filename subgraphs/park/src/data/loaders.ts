import type { Database } from '@cq/kit/database';
import { groupLoader, rowLoader } from '@cq/kit/loaders';
import type { Moment } from '@cq/kit/moment';
import { dayOfMoment } from '@cq/kit/time';
import { and, inArray } from 'drizzle-orm';
import { placedIn, placedOn } from './queries.ts';
import type * as schema from './schema.ts';
import { dataCenters, placements } from './schema.ts';

type Db = Database<typeof schema>;

/**
 * Fresh for every request; each batch is one SQL statement. Placements and what they take are read as
 * they stood on the day of the request's moment (kit: moment.ts): now, today's; as of a moment asked for,
 * that day's (queries.ts: placedOn).
 */
export function createLoaders(db: Db, moment: Moment) {
  const day = dayOfMoment(moment.at);
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
