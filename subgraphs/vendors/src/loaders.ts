import { groupLoader, rowLoader, type Database } from '@cq/kit';
import { inArray } from 'drizzle-orm';
import * as schema from './db/schema.ts';
import { cloudServices, contracts, vendors } from './db/schema.ts';

/** Fresh for every request; each batch is one SQL statement. */
export function createLoaders(db: Database<typeof schema>) {
  return {
    vendor: rowLoader(async (ids: readonly string[]) => await db.select().from(vendors).where(inArray(vendors.id, [...ids])), (v) => v.id),
    cloudService: rowLoader(
      async (ids: readonly string[]) => await db.select().from(cloudServices).where(inArray(cloudServices.id, [...ids])),
      (s) => s.id,
    ),
    contract: rowLoader(async (ids: readonly string[]) => await db.select().from(contracts).where(inArray(contracts.id, [...ids])), (c) => c.id),
    servicesOfVendor: groupLoader(
      async (ids: readonly string[]) =>
        await db.select().from(cloudServices).where(inArray(cloudServices.vendorId, [...ids])).orderBy(cloudServices.id),
      (s) => s.vendorId,
    ),
    contractsOfVendor: groupLoader(
      async (ids: readonly string[]) => await db.select().from(contracts).where(inArray(contracts.vendorId, [...ids])).orderBy(contracts.id),
      (c) => c.vendorId,
    ),
    contractsOfUnit: groupLoader(
      async (ids: readonly string[]) => await db.select().from(contracts).where(inArray(contracts.unitId, [...ids])).orderBy(contracts.id),
      (c) => c.unitId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
