import { groupLoader, rowLoader, type Database } from '@cq/kit';
import { count, inArray } from 'drizzle-orm';
import * as schema from './db/schema.ts';
import { batches, informationSystems, units } from './db/schema.ts';

/** Fresh for every request (a loader caches for its request only); each batch is one SQL statement. */
export function createLoaders(db: Database<typeof schema>) {
  return {
    unit: rowLoader(async (ids: readonly string[]) => await db.select().from(units).where(inArray(units.id, [...ids])), (u) => u.id),
    system: rowLoader(
      async (ids: readonly string[]) => await db.select().from(informationSystems).where(inArray(informationSystems.id, [...ids])),
      (s) => s.id,
    ),
    systemsOfUnit: groupLoader(
      async (unitIds: readonly string[]) =>
        await db.select().from(informationSystems).where(inArray(informationSystems.unitId, [...unitIds])).orderBy(informationSystems.id),
      (s) => s.unitId,
    ),
    coordinatedUnits: groupLoader(
      async (ids: readonly string[]) =>
        await db.select().from(units).where(inArray(units.coordinatingUnitId, [...ids])).orderBy(units.id),
      (u) => u.coordinatingUnitId,
    ),
    batch: rowLoader(async (numbers: readonly number[]) => await db.select().from(batches).where(inArray(batches.number, [...numbers])), (b) => b.number),
    unitCountOfBatch: rowLoader(
      async (numbers: readonly number[]) =>
        await db
          .select({ batchNumber: units.batchNumber, count: count() })
          .from(units)
          .where(inArray(units.batchNumber, [...numbers]))
          .groupBy(units.batchNumber),
      (r) => r.batchNumber,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
