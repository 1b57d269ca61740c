import type { Database } from '@cq/kit/database';
import type { Viewer } from '@cq/kit/identity';
import type { Moment } from '@cq/kit/moment';
import { type PageArgs, tablePage } from '@cq/kit/paging';
import { nameContains } from '@cq/kit/search';
import type { AskPeer } from '@cq/kit/services';
import { parseDate } from '@cq/kit/time';
import { and, eq, inArray, lte, not, type SQL, sql } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { systemScopeSql, unitScopeSql } from '../domain/policy.ts';
import { CLASSIFICATION_SPANS, GOVERNMENT_DEPARTMENT_KINDS, nonCompliantSql } from '../domain/rules.ts';
import type { BudgetLineFilter, MigrationStage, SystemFilter, UnitFilter } from '../generated/resolvers.ts';
import { placedSystemIds } from './peers.ts';
import { inSubtreeOf, instantParam, stageAt, systemsAtSql } from './progress.ts';
import type * as schema from './schema.ts';
import { budgetLines, informationSystems, migrationPlans, units } from './schema.ts';

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
  return tablePage(db, units, where, order, (u) => [u.batchNumber, u.id], args);
}

/**
 * Classified at the moment (§1), as the system's stage reads EXEMPT: the row's own classification now; as of
 * a moment asked for, the one a later correction replaced, if any (rules.ts: CLASSIFICATION_SPANS).
 */
function exemptAt(moment: Moment): SQL {
  if (!moment.asOf) return sql`${informationSystems.classification} = 'CLASSIFIED'`;
  const at = instantParam(moment.at);
  return sql`coalesce((select rc.classification::text from (${CLASSIFICATION_SPANS}) rc
    where rc.system_id = ${informationSystems.id} and (rc.since is null or rc.since <= ${at}) and ${at} < rc.until),
    ${informationSystems.classification}::text) = 'CLASSIFIED'`;
}

/** The stage a system's `stage` field reads at the moment: its step, or EXEMPT while it is classified. */
function stageCondition(stage: MigrationStage, moment: Moment): SQL | undefined {
  // The step at the request's moment: the row's own now (never none), the history's as of a moment asked
  // for (none before the system was inventoried, when its stage reads null, EXEMPT or not).
  const stepAt = moment.asOf ? stageAt(sql`${informationSystems.id}`, instantParam(moment.at)) : sql`${informationSystems.stage}`;
  if (stage === 'EXEMPT') return and(exemptAt(moment), sql`${stepAt} is not null`);
  return and(sql`${stepAt} = ${stage}`, not(exemptAt(moment)));
}

/**
 * Overdue at the moment (progress.ts: systemsAtSql, the rule's one statement of it), worked out only for
 * the systems `within` selects (a condition on `s`, the systems, and `u`, their units: the caller's scope),
 * so a unit's officer or a coordinating unit pays for its own systems, not the programme's.
 */
function overdueCondition(moment: Moment, wanted: boolean, within: SQL | undefined): SQL {
  const overdue = sql`${informationSystems.id} in (select o.id from (${systemsAtSql(moment.at, within ?? sql`true`, true)}) o)`;
  return wanted ? overdue : not(overdue);
}

/** The ids the park says were placed at the moment (data/peers.ts), as one array parameter. */
function placedCondition(placed: readonly string[], wanted: boolean): SQL {
  const ids = sql`${informationSystems.id} = any(${sql.param([...placed])}::text[])`;
  return wanted ? ids : not(ids);
}

async function systemConditions(
  db: Db,
  filter: SystemFilter | null | undefined,
  moment: Moment,
  askPeer: AskPeer,
  /** The caller's scope as a condition on `s` and `u` (systemsAtSql's names), for the overdue filter. */
  within: SQL | undefined,
): Promise<SQL | undefined> {
  if (!filter) return undefined;
  return and(
    filter.unitId ? eq(informationSystems.unitId, filter.unitId) : undefined,
    filter.stage ? stageCondition(filter.stage, moment) : undefined,
    filter.classification ? eq(informationSystems.classification, filter.classification) : undefined,
    filter.coordinatingUnitId ? inSubtreeOf(informationSystems.unitId, filter.coordinatingUnitId) : undefined,
    filter.isOverdue != null ? overdueCondition(moment, filter.isOverdue, within) : undefined,
    filter.isPlaced != null ? placedCondition(await placedSystemIds(askPeer), filter.isPlaced) : undefined,
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

/**
 * Systems in id order, only those the viewer reaches (policy.ts). Two statements: the page, and the count if
 * asked; with `isPlaced`, one question to the park before them.
 */
export async function systemPage(
  { db, viewer, moment, askPeer }: Pick<Context, 'db' | 'viewer' | 'moment' | 'askPeer'>,
  args: PageArgs & { filter?: SystemFilter | null },
) {
  const where = and(
    systemScopeSql(viewer, { id: informationSystems.id, unitId: informationSystems.unitId }),
    await systemConditions(db, args.filter, moment, askPeer, systemScopeSql(viewer, { id: sql`s.id`, unitId: sql`s.unit_id` })),
  );
  const order = [informationSystems.id];
  return tablePage(db, informationSystems, where, order, (s) => [s.id], args);
}

/**
 * Budget lines recorded by the moment, in id order, only those of units the viewer reaches
 * (policy.ts). Two statements: the page, and the count if asked.
 */
export function budgetLinePage(db: Db, viewer: Viewer, moment: Moment, args: PageArgs & { filter?: BudgetLineFilter | null }) {
  const { filter } = args;
  const nonCompliant = nonCompliantSql({ category: sql`${budgetLines.category}`, recordedAt: sql`${budgetLines.recordedAt}` });
  const where = and(
    unitScopeSql(viewer, budgetLines.unitId),
    // Now, every line; as of a moment asked for, those recorded by then (as the loaders read them).
    moment.asOf ? lte(budgetLines.recordedAt, moment.at) : undefined,
    filter?.unitId ? eq(budgetLines.unitId, filter.unitId) : undefined,
    filter?.coordinatingUnitId ? inSubtreeOf(budgetLines.unitId, filter.coordinatingUnitId) : undefined,
    filter?.year != null ? eq(budgetLines.year, filter.year) : undefined,
    filter?.category ? eq(budgetLines.category, filter.category) : undefined,
    filter?.compliant != null ? (filter.compliant ? not(nonCompliant) : nonCompliant) : undefined,
  );
  const order = [budgetLines.id];
  return tablePage(db, budgetLines, where, order, (l) => [l.id], args);
}
