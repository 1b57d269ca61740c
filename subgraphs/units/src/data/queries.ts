import { countOf, type Database } from '@cq/kit/database';
import type { Viewer } from '@cq/kit/identity';
import type { Moment } from '@cq/kit/moment';
import { keysetPage, type PageArgs } from '@cq/kit/paging';
import { nameContains } from '@cq/kit/search';
import { parseDate } from '@cq/kit/time';
import { and, count, eq, inArray, not, type SQL, sql } from 'drizzle-orm';
import { systemScopeSql, unitScopeSql } from '../domain/policy.ts';
import { GOVERNMENT_DEPARTMENT_KINDS } from '../domain/rules.ts';
import type { SystemFilter, UnitFilter } from '../generated/resolvers.ts';
import { instantParam, stageAt } from './progress.ts';
import type * as schema from './schema.ts';
import { informationSystems, migrationPlans, units } from './schema.ts';

type Db = Database<typeof schema>;

function unitConditions(filter: UnitFilter | null | undefined): SQL | undefined {
  if (!filter) return undefined;
  return and(
    filter.batch != null ? eq(units.batchNumber, filter.batch) : undefined,
    filter.kind ? eq(units.kind, filter.kind) : undefined,
    filter.coordinatingUnitId ? eq(units.coordinatingUnitId, filter.coordinatingUnitId) : undefined,
    filter.isSample != null ? eq(units.isSample, filter.isSample) : undefined,
    filter.search ? nameContains(filter.search, [units.nameEn, units.nameZh, units.noticeNameZh]) : undefined,
  );
}

/**
 * Units in batch order, then id: the pilots come first; only those the viewer reaches (policy.ts). Two
 * statements: the page, and the count if asked.
 */
export function unitPage(db: Db, viewer: Viewer, args: PageArgs & { filter?: UnitFilter | null }) {
  const where = and(unitScopeSql(viewer, units.id), unitConditions(args.filter));
  const order = [units.batchNumber, units.id];
  return keysetPage(
    args,
    order,
    async (after, limit) =>
      await db
        .select()
        .from(units)
        .where(and(where, after))
        .orderBy(...order)
        .limit(limit),
    (u) => [u.batchNumber, u.id],
    async () => countOf(await db.select({ n: count() }).from(units).where(where)),
  );
}

function systemConditions(db: Db, filter: SystemFilter | null | undefined, moment?: Moment): SQL | undefined {
  if (!filter) return undefined;
  return and(
    filter.unitId ? eq(informationSystems.unitId, filter.unitId) : undefined,
    // The stage at the request's moment: the row's own now, the history's as of a moment asked for.
    filter.stage
      ? moment?.asOf
        ? sql`${stageAt(sql`${informationSystems.id}`, instantParam(moment.at))} = ${filter.stage}`
        : eq(informationSystems.stage, filter.stage)
      : undefined,
    filter.classification ? eq(informationSystems.classification, filter.classification) : undefined,
    // A subquery keeps the batch filter inside the same statement.
    filter.batch != null
      ? inArray(informationSystems.unitId, db.select({ id: units.id }).from(units).where(eq(units.batchNumber, filter.batch)))
      : undefined,
    filter.governmentDepartment != null ? governmentDepartmentCondition(db, filter.governmentDepartment) : undefined,
    standingPlanCondition(filter),
  );
}

function governmentDepartmentCondition(db: Db, wanted: boolean): SQL {
  const departments = inArray(
    informationSystems.unitId,
    db
      .select({ id: units.id })
      .from(units)
      .where(inArray(units.kind, [...GOVERNMENT_DEPARTMENT_KINDS])),
  );
  return wanted ? departments : not(departments);
}

/** The filters on a system's standing plan: its latest approved plan, while the system is at PLAN_APPROVED or later. */
function standingPlanCondition(filter: SystemFilter): SQL | undefined {
  const { plannedDestinationId: destination, plannedCutoverFrom: from, plannedCutoverBefore: before } = filter;
  if (destination == null && from == null && before == null) return undefined;
  if (from != null) parseDate(from, 'filter.plannedCutoverFrom');
  if (before != null) parseDate(before, 'filter.plannedCutoverBefore');
  const latest = sql`(select p.destination_data_center_id as destination, p.planned_cutover as cutover from ${migrationPlans} p
    where p.system_id = ${informationSystems.id} order by p.at desc, p.id desc limit 1)`;
  return and(
    inArray(informationSystems.stage, ['PLAN_APPROVED', 'MIGRATING', 'CENTRALISED', 'INTEGRATED']),
    sql`exists (select 1 from ${latest} latest where true
      ${destination != null ? sql`and latest.destination = ${destination}` : sql``}
      ${from != null ? sql`and latest.cutover >= ${from}::date` : sql``}
      ${before != null ? sql`and latest.cutover < ${before}::date` : sql``})`,
  );
}

/** Systems in id order, only those the viewer reaches (policy.ts). Two statements: the page, and the count if asked. */
export function systemPage(db: Db, viewer: Viewer, args: PageArgs & { filter?: SystemFilter | null }, moment?: Moment) {
  const where = and(
    systemScopeSql(viewer, { id: informationSystems.id, unitId: informationSystems.unitId }),
    systemConditions(db, args.filter, moment),
  );
  const order = [informationSystems.id];
  return keysetPage(
    args,
    order,
    async (after, limit) =>
      await db
        .select()
        .from(informationSystems)
        .where(and(where, after))
        .orderBy(...order)
        .limit(limit),
    (s) => [s.id],
    async () => countOf(await db.select({ n: count() }).from(informationSystems).where(where)),
  );
}
