/** The catalogue's lists: short, filtered, capped at the kit's page size. */
import type { Database } from '@cq/kit/database';
import { MAX_PAGE_SIZE } from '@cq/kit/paging';
import { nameContains } from '@cq/kit/search';
import { and, eq } from 'drizzle-orm';
import { staleSql } from '../domain/rules.ts';
import type { QueryCloudServicesArgs, QueryVendorsArgs } from '../generated/resolvers.ts';
import type * as schema from './schema.ts';
import { cloudServices, migrationTasks, vendors } from './schema.ts';

type Db = Database<typeof schema>;

export const vendorList = async (db: Db, { search, isSample }: Partial<QueryVendorsArgs>) =>
  await db
    .select()
    .from(vendors)
    .where(
      and(
        search ? nameContains(search, [vendors.nameEn, vendors.nameZh]) : undefined,
        isSample != null ? eq(vendors.isSample, isSample) : undefined,
      ),
    )
    .orderBy(vendors.id)
    .limit(MAX_PAGE_SIZE);

export const cloudServiceList = async (db: Db, { vendorId, serviceModel, inProcurementCatalogue }: Partial<QueryCloudServicesArgs>) =>
  await db
    .select()
    .from(cloudServices)
    .where(
      and(
        vendorId ? eq(cloudServices.vendorId, vendorId) : undefined,
        serviceModel ? eq(cloudServices.serviceModel, serviceModel) : undefined,
        inProcurementCatalogue != null ? eq(cloudServices.inProcurementCatalogue, inProcurementCatalogue) : undefined,
      ),
    )
    .orderBy(cloudServices.id)
    .limit(MAX_PAGE_SIZE);

export const staleTaskList = async (db: Db, now: Date) =>
  await db.select().from(migrationTasks).where(staleSql(now)).orderBy(migrationTasks.id).limit(MAX_PAGE_SIZE);
