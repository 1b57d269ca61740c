import type { Database } from '@cq/kit/database';
import { groupLoader, rowLoader } from '@cq/kit/loaders';
import { inArray } from 'drizzle-orm';
import { placedIn } from './queries.ts';
import type * as schema from './schema.ts';
import { dataCenters, placements } from './schema.ts';

type Db = Database<typeof schema>;

/** Fresh for every request; each batch is one SQL statement. */
export function createLoaders(db: Db) {
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
    placementOfSystem: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(placements)
          .where(inArray(placements.systemId, [...ids])),
      (p) => p.systemId,
    ),
    placementsOfDataCenter: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(placements)
          .where(inArray(placements.dataCenterId, [...ids]))
          .orderBy(placements.id),
      (p) => p.dataCenterId,
    ),
    /** Racks and power the programme's placements take in each data centre, summed exactly in SQL. */
    placedInDataCenter: rowLoader(
      (ids: readonly string[]) => placedIn(db, ids),
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
