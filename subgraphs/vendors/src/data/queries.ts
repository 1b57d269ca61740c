/** The catalogue's lists: short, filtered, capped at the kit's page size; the audit log's pages. */
import { type AuditFilter, auditEntries } from '@cq/kit/audit';
import { type Database, selectRows } from '@cq/kit/database';
import type { Moment } from '@cq/kit/moment';
import { MAX_PAGE_SIZE, PARENT, type PageArgs, parentsOf, placeInParent, tablePage } from '@cq/kit/paging';
import { nameContains } from '@cq/kit/search';
import { dayOfMoment } from '@cq/kit/time';
import { and, count, eq, gte, inArray, lt, lte, not, type SQL, sql } from 'drizzle-orm';
import { contractStatusSql, inForceSql, recordedBySql, staleSql } from '../domain/rules.ts';
import type { ContractFilter, QueryCloudServicesArgs, QueryVendorsArgs } from '../generated/resolvers.ts';
import type * as schema from './schema.ts';
import { type ContractRow, cloudServices, contractLines, contracts, type MigrationTaskRow, migrationTasks, vendors } from './schema.ts';

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

/**
 * Migration tasks as they stood at a moment: each system's latest report by then, or the task row itself
 * for a task reported before reports were kept (from its `updated_at`). The derived table is named
 * `migration_tasks`, so any condition on that table's columns (a policy's scope, `staleSql`) applies to it.
 */
const tasksAtTable = (at: Date) => {
  const atSql = sql`${at.toISOString()}::timestamptz`;
  return sql`(select distinct on (t.system_id) t.* from (
      select m.id, m.system_id, m.vendor_id, m.status, m.percent_complete, m.detail, m.updated_at, m.updated_by, m.next_update_due, 1 as current
      from migration_tasks m where m.updated_at <= ${atSql}
      union all
      select r.task_id, r.system_id, r.vendor_id, r.status, r.percent_complete, r.detail, r.reported_at, r.reported_by, r.next_update_due, 0
      from migration_task_reports r where r.reported_at <= ${atSql}
    ) t order by t.system_id, t.updated_at desc, t.current desc) as "migration_tasks"`;
};

/** Dates as text and instants as epoch milliseconds: the same values from either driver. */
const TASK_COLUMNS = sql`id, system_id, vendor_id, status, percent_complete, detail,
  (extract(epoch from updated_at) * 1000)::float8 as updated_ms, updated_by, next_update_due::text as next_update_due`;

type TaskAtRow = {
  id: number;
  system_id: string;
  vendor_id: string;
  status: MigrationTaskRow['status'];
  percent_complete: number;
  detail: string;
  updated_ms: number;
  updated_by: string;
  next_update_due: string;
};

const taskOf = (r: TaskAtRow): MigrationTaskRow => ({
  id: Number(r.id),
  systemId: r.system_id,
  vendorId: r.vendor_id,
  status: r.status,
  percentComplete: Number(r.percent_complete),
  detail: r.detail,
  updatedAt: new Date(Number(r.updated_ms)),
  updatedBy: r.updated_by,
  nextUpdateDue: r.next_update_due,
});

/** Migration tasks as they stood at a moment (`tasksAtTable`), in id order, those that meet `where`. One statement. */
export async function tasksAt(db: Db, at: Date, where?: SQL, limit?: number): Promise<MigrationTaskRow[]> {
  const rows = await selectRows<TaskAtRow>(
    db,
    sql`select ${TASK_COLUMNS} from ${tasksAtTable(at)}
      ${where ? sql`where ${where}` : sql``}
      order by id ${limit ? sql`limit ${limit}` : sql``}`,
  );
  return rows.map(taskOf);
}

/**
 * The first `limit` tasks (in id order) of each provider that meet `where` (staleness, the caller's scope,
 * the cursor), as they stood at the request's moment, in one statement. Now, each provider joined to its own
 * page of task rows, read off the index on (vendor_id, id); at a moment asked for, the tasks as they stood
 * (`tasksAtTable`) are derived whole, numbered within each provider's list, and the first of each kept.
 */
export async function taskPages(db: Db, moment: Moment, vendorIds: string[], where: SQL | undefined, limit: number) {
  if (moment.asOf) {
    const mine = and(inArray(migrationTasks.vendorId, vendorIds), where);
    const rows = await selectRows<TaskAtRow>(
      db,
      sql`select ${TASK_COLUMNS} from (
          select "migration_tasks".*, ${placeInParent(migrationTasks.vendorId, [migrationTasks.id])} as place
          from ${tasksAtTable(moment.at)} where ${mine}) numbered
        where place <= ${limit} order by vendor_id, id`,
    );
    return rows.map(taskOf);
  }
  const page = db
    .select()
    .from(migrationTasks)
    .where(and(eq(migrationTasks.vendorId, PARENT), where))
    .orderBy(migrationTasks.id)
    .limit(limit)
    .as('page');
  return (await db.select().from(parentsOf(vendorIds)).crossJoinLateral(page)).map((r) => r.page);
}

/** How many tasks of each provider meet `where` at the request's moment, in one statement. */
export async function taskCounts(db: Db, moment: Moment, vendorIds: string[], where: SQL | undefined): Promise<Map<string, number>> {
  const rows = await selectRows<{ vendor_id: string; n: number }>(
    db,
    sql`select vendor_id, count(*)::int as n from ${moment.asOf ? tasksAtTable(moment.at) : migrationTasks}
      where ${and(inArray(migrationTasks.vendorId, vendorIds), where)} group by vendor_id`,
  );
  return new Map(rows.map((r) => [r.vendor_id, Number(r.n)]));
}

/**
 * The first `limit` contracts (in id order) of each provider that meet `where` (recorded by the moment's
 * day, the caller's scope, the cursor), in one statement: each provider joined to its own page, read off
 * the index on (vendor_id, id).
 */
export async function contractPages(db: Db, vendorIds: string[], where: SQL | undefined, limit: number): Promise<ContractRow[]> {
  const page = db
    .select()
    .from(contracts)
    .where(and(eq(contracts.vendorId, PARENT), where))
    .orderBy(contracts.id)
    .limit(limit)
    .as('page');
  return (await db.select().from(parentsOf(vendorIds)).crossJoinLateral(page)).map((r) => r.page);
}

/** How many contracts of each provider meet `where`, in one statement. */
export async function contractCounts(db: Db, vendorIds: string[], where: SQL | undefined): Promise<Map<string, number>> {
  const rows = await db
    .select({ vendorId: contracts.vendorId, n: count() })
    .from(contracts)
    .where(and(inArray(contracts.vendorId, vendorIds), where))
    .groupBy(contracts.vendorId);
  return new Map(rows.map((r) => [r.vendorId, Number(r.n)]));
}

/** The conditions of a `ContractFilter`, each read on the day of the request's moment. */
function contractConditions(filter: ContractFilter | null | undefined, moment: Moment): SQL | undefined {
  if (!filter) return undefined;
  const day = dayOfMoment(moment.at);
  return and(
    filter.vendorId ? eq(contracts.vendorId, filter.vendorId) : undefined,
    filter.unitId ? eq(contracts.unitId, filter.unitId) : undefined,
    // A subquery keeps the filter inside the page's own statement, off the index on the lines' system.
    filter.systemId
      ? inArray(
          contracts.id,
          sql`(select ${contractLines.contractId} from ${contractLines} where ${contractLines.systemId} = ${filter.systemId})`,
        )
      : undefined,
    filter.status ? sql`${contractStatusSql(day)} = ${filter.status}` : undefined,
    filter.inForce == null ? undefined : filter.inForce ? inForceSql(moment.at) : not(inForceSql(moment.at) ?? sql`true`),
    filter.signedFrom ? gte(contracts.signedOn, filter.signedFrom) : undefined,
    filter.signedBefore ? lt(contracts.signedOn, filter.signedBefore) : undefined,
    filter.startsBy ? lte(contracts.startsOn, filter.startsBy) : undefined,
    filter.endsFrom ? gte(contracts.endsOn, filter.endsFrom) : undefined,
    filter.isSample != null ? eq(contracts.isSample, filter.isSample) : undefined,
  );
}

/**
 * The programme's contracts a page at a time in id order (`Query.contracts`): those recorded by the day of
 * the request's moment (rules.ts: recordedBySql), in the caller's scope (`visible`, policy.ts:
 * contractListScopeSql) and meeting the filter. Two statements: the page, and the count when asked for.
 */
export function contractList(db: Db, moment: Moment, visible: SQL | undefined, args: PageArgs & { filter?: ContractFilter | null }) {
  const where = and(moment.asOf ? recordedBySql(dayOfMoment(moment.at)) : undefined, visible, contractConditions(args.filter, moment));
  const order = [contracts.id];
  return tablePage(db, contracts, where, order, (c) => [c.id], args);
}

/**
 * Stale tasks at the request's moment, in id order; `scope` is the policy's condition on whose tasks the
 * viewer sees (policy.ts: taskListSql). Now, the task rows; at a moment asked for, the tasks as they stood.
 */
export const staleTaskList = async (db: Db, moment: Moment, scope?: SQL) =>
  moment.asOf
    ? await tasksAt(db, moment.at, and(staleSql(moment.at), scope), MAX_PAGE_SIZE)
    : await db
        .select()
        .from(migrationTasks)
        .where(and(staleSql(moment.at), scope))
        .orderBy(migrationTasks.id)
        .limit(MAX_PAGE_SIZE);

/** A page of this subgraph's audit log (the kit's table, in this subgraph's database), newest first. */
export const auditPage = (db: Db, filter: AuditFilter | null | undefined, page: PageArgs) =>
  auditEntries(db as unknown as Database<Record<string, unknown>>, filter, page);
