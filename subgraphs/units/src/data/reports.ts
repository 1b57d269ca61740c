/** The analysts' reports: each a fixed number of SQL statements, however many units, systems or months. */
import { countOf, type Database, selectRows } from '@cq/kit/database';
import { badInput } from '@cq/kit/errors';
import type { Viewer } from '@cq/kit/identity';
import { type PageArgs, pageWindow, toConnection } from '@cq/kit/paging';
import { and, type SQL, sql } from 'drizzle-orm';
import { systemScopeSql, unitScopeSql } from '../domain/policy.ts';
import { extensionStatusSql, nonCompliantSql } from '../domain/rules.ts';
import type { BudgetComplianceRowModel, ExtensionRequestModel, OverdueSystemModel, ProgressReportModel } from '../mappers.ts';
import { type Groups, instantParam, monthEnds, progressFigures, singleMoment, subtree, systemsAtSql } from './progress.ts';
import type * as schema from './schema.ts';

type Db = Database<typeof schema>;

/** Groups of a report, at most this many: every list an analyst gets is bounded. */
const MAX_GROUPS = 100;

export async function progressReport(
  db: Db,
  grouping: 'BATCH' | 'COORDINATING_UNIT' | 'UNIT_KIND',
  at: Date,
): Promise<ProgressReportModel> {
  // One statement, one pass over the history: the groups and the whole programme together.
  const rows = await progressFigures(db, singleMoment(at), { by: grouping } as Groups, true);
  const groups = rows.filter((r) => !r.whole);
  const total = rows.find((r) => r.whole);
  if (!total) throw new Error('The programme-wide figures are missing.');
  return {
    asOf: at,
    groups: groups.slice(0, MAX_GROUPS).map((g) => ({ key: g.key, grouping, figures: g.figures })),
    groupCount: groups.length,
    truncated: groups.length > MAX_GROUPS,
    total: total.figures,
  };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5)) - 1;

/** Each batch at the end of each month: one statement for all months and batches. */
export async function monthlyBatchProgress(db: Db, from = '2015-07', to = '2016-12') {
  for (const [name, month] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!MONTH.test(month)) throw badInput(`${name} must be a month written YYYY-MM; got ${month}.`, name);
  }
  const months = monthIndex(to) - monthIndex(from) + 1;
  if (months < 1 || months > 60) throw badInput('from must not be after to, and at most 60 months are reported.', 'to');
  const rows = await progressFigures(db, monthEnds(from, to), { by: 'BATCH' });
  return rows.map((r) => ({
    month: r.moment,
    // The end of the month in Asia/Shanghai: the first instant of the next month there.
    asOf: new Date(`${nextMonth(r.moment)}-01T00:00:00+08:00`),
    batchNumber: Number(r.key),
    figures: r.figures,
  }));
}

function nextMonth(month: string): string {
  const i = monthIndex(month) + 1;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/**
 * Systems overdue at a moment that the viewer reaches (policy.ts), in id order; the count is a second
 * statement, run only when asked for.
 */
export async function overdueSystems(
  db: Db,
  viewer: Viewer,
  at: Date,
  args: PageArgs & { batch?: number | null; coordinatingUnitId?: string | null },
) {
  const window = pageWindow(args);
  const where =
    and(
      systemScopeSql(viewer, { id: sql`s.id`, unitId: sql`s.unit_id` }),
      args.batch != null ? sql`u.batch_number = ${args.batch}` : undefined,
      args.coordinatingUnitId ? sql`u.id in (select unit_id from (${subtree(sql`u.id = ${args.coordinatingUnitId}`)}) t)` : undefined,
    ) ?? sql`true`;
  const overdue = systemsAtSql(at, where, true);
  const rows = await selectRows<{ id: string; stage: OverdueSystemModel['stage']; due_date: string; days_overdue: number }>(
    db,
    sql`select * from (${overdue}) x ${window.after ? sql`where x.id > ${String(window.after[0])}` : sql``} order by x.id limit ${window.limit + 1}`,
  );
  const nodes: (OverdueSystemModel & { id: string })[] = rows.map((r) => ({
    id: r.id,
    systemId: r.id,
    stage: r.stage,
    dueDate: r.due_date,
    daysOverdue: Number(r.days_overdue),
  }));
  return toConnection(
    nodes,
    window,
    (n) => [n.id],
    async () => countOf(await selectRows<{ n: number }>(db, sql`select count(*)::int as n from (${overdue}) x`)),
  );
}

/** Extension requests of the units the viewer reaches (policy.ts), with their status at a moment, newest first. */
export async function extensionRequestsAt(
  db: Db,
  viewer: Viewer,
  at: Date,
  args: PageArgs & { status?: 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN' | null },
) {
  const window = pageWindow(args);
  const atSql = instantParam(at);
  // Dates as text and instants as epoch milliseconds: the same values from either driver.
  const known = sql`
    select e.id, e.unit_id, e.reason, e.new_due_date::text as new_due_date, e.requested_by,
      (extract(epoch from e.requested_at) * 1000)::float8 as requested_ms,
      ${extensionStatusSql({ requestId: sql`d.request_id`, approved: sql`d.approved`, decidedAt: sql`d.decided_at`, withdrawnAt: sql`w.withdrawn_at` }, atSql)} as status
    from extension_requests e
    left join extension_decisions d on d.request_id = e.id
    left join extension_withdrawals w on w.request_id = e.id
    where e.requested_at <= ${atSql} and ${unitScopeSql(viewer, sql`e.unit_id`) ?? sql`true`}`;
  const filtered = sql`select * from (${known}) k ${args.status ? sql`where k.status = ${args.status}` : sql``}`;
  const rows = await selectRows<{
    id: number;
    unit_id: string;
    reason: string;
    new_due_date: string;
    requested_by: string;
    requested_ms: number;
  }>(
    db,
    sql`select * from (${filtered}) f ${window.after ? sql`where f.id < ${Number(window.after[0])}` : sql``} order by f.id desc limit ${window.limit + 1}`,
  );
  const nodes: (ExtensionRequestModel & { id: number })[] = rows.map((r) => ({
    id: Number(r.id),
    unitId: r.unit_id,
    reason: r.reason,
    newDueDate: r.new_due_date,
    requestedAt: new Date(Number(r.requested_ms)),
    requestedBy: r.requested_by,
    asOf: at,
  }));
  return toConnection(
    nodes,
    window,
    (n) => [n.id],
    async () => countOf(await selectRows<{ n: number }>(db, sql`select count(*)::int as n from (${filtered}) c`)),
  );
}

/**
 * Budget compliance per unit or per top-level coordinator's subtree, for a year, counting lines recorded by
 * a moment; a hardware or base-software line counts as non-compliant only when recorded from the notice's
 * date on (§6.2).
 */
export async function budgetCompliance(
  db: Db,
  at: Date,
  args: PageArgs & { year: number; groupBy: 'UNIT' | 'COORDINATING_UNIT'; nonCompliantOnly?: boolean | null },
) {
  const window = pageWindow(args);
  const groups: SQL = args.groupBy === 'UNIT' ? sql`select id, id from units` : subtree(sql`u.coordinating_unit_id = u.id`);
  // §6.2: hardware and base-software lines recorded from the notice's date on (rules.ts: nonComplianceReason).
  const flagged = nonCompliantSql({ category: sql`l.category`, recordedAt: sql`l.recorded_at` });
  const rowsSql = sql`
    select g.key as unit_id, count(*)::int as lines, sum(l.amount_cny)::numeric(18, 2)::text as total,
      count(*) filter (where ${flagged})::int as flagged_lines,
      coalesce(sum(l.amount_cny) filter (where ${flagged}), 0)::numeric(18, 2)::text as flagged_total
    from (${groups}) g(unit_id, key)
    join budget_lines l on l.unit_id = g.unit_id and l.year = ${args.year} and l.recorded_at <= ${instantParam(at)}
    group by g.key
    ${args.nonCompliantOnly ? sql`having count(*) filter (where ${flagged}) > 0` : sql``}`;
  const rows = await selectRows<{ unit_id: string; lines: number; total: string; flagged_lines: number; flagged_total: string }>(
    db,
    sql`select * from (${rowsSql}) r ${window.after ? sql`where r.unit_id > ${String(window.after[0])}` : sql``} order by r.unit_id limit ${window.limit + 1}`,
  );
  const nodes: BudgetComplianceRowModel[] = rows.map((r) => ({
    unitId: r.unit_id,
    year: args.year,
    lineCount: Number(r.lines),
    totalCny: r.total,
    nonCompliantLineCount: Number(r.flagged_lines),
    nonCompliantCny: r.flagged_total,
  }));
  return toConnection(
    nodes,
    window,
    (n) => [n.unitId],
    async () => countOf(await selectRows<{ n: number }>(db, sql`select count(*)::int as n from (${rowsSql}) c`)),
  );
}
