/** The catalogue's lists: short, filtered, capped at the kit's page size; the audit log's pages. */
import { type AuditFilter, auditEntries } from '@cq/kit/audit';
import type { Database } from '@cq/kit/database';
import { MAX_PAGE_SIZE, type PageArgs } from '@cq/kit/paging';
import { nameContains } from '@cq/kit/search';
import { and, eq, type SQL } from 'drizzle-orm';
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

/** Stale tasks in id order; `scope` is the policy's condition on whose tasks the viewer sees (policy.ts: taskListSql). */
export const staleTaskList = async (db: Db, now: Date, scope?: SQL) =>
  await db
    .select()
    .from(migrationTasks)
    .where(and(staleSql(now), scope))
    .orderBy(migrationTasks.id)
    .limit(MAX_PAGE_SIZE);

/** A page of this subgraph's audit log (the kit's table, in this subgraph's database), newest first. */
export const auditPage = (db: Db, filter: AuditFilter | null | undefined, page: PageArgs) =>
  auditEntries(db as unknown as Database<Record<string, unknown>>, filter, page);
