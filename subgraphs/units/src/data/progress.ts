/**
 * Progress as it stood at any moment, computed from the append-only history in a fixed number of SQL
 * statements, whatever the number of units, systems or moments: the stage of a system at a moment is the
 * `to` of its last transition by then; its due date is its batch's last day or the new date of an
 * extension approved by then; it is overdue once that day has ended in Asia/Shanghai.
 */
import { type Database, selectRows } from '@cq/kit/database';
import { type SQL, sql } from 'drizzle-orm';
import { centralisedSql, classificationAtSql, dueDateSql, endOfDaySql, extensionStatusSql, overdueSql } from '../domain/rules.ts';
import type * as schema from './schema.ts';
import { migrationStage, type SystemRow } from './schema.ts';

type Db = Database<typeof schema>;
type Stage = SystemRow['stage'];
export const STAGES = migrationStage.enumValues;

/** A system's stage at a moment: the last transition at or before it (null before it was inventoried). */
export const stageAt = (systemId: SQL, at: SQL) => sql`(
  select t.to_stage from stage_transitions t
  where t.system_id = ${systemId} and t.at <= ${at}
  order by t.at desc, t.id desc limit 1)`;

export const instantParam = (at: Date) => sql`${at.toISOString()}::timestamptz`;

/** Which units each group key covers; a unit may fall in several groups (subtrees of nested coordinators). */
export type Groups = { by: 'BATCH' | 'UNIT_KIND' | 'ALL' } | { by: 'COORDINATING_UNIT' } | { by: 'SUBTREE'; roots: readonly string[] };

/** Every unit below the roots along the coordination tree (§6.2), the roots included. */
const subtree = (roots: SQL) => sql`
  with recursive tree(root, unit_id) as (
    select u.id, u.id from units u where ${roots}
    union
    select tree.root, c.id from tree join units c on c.coordinating_unit_id = tree.unit_id and c.id <> c.coordinating_unit_id
  ) select unit_id, root from tree`;

function groupsSql(groups: Groups): SQL {
  switch (groups.by) {
    case 'BATCH':
      return sql`select id, batch_number::text from units`;
    case 'UNIT_KIND':
      return sql`select id, kind::text from units`;
    case 'ALL':
      return sql`select id, '*' from units`;
    case 'COORDINATING_UNIT':
      // Top-level coordinators coordinate themselves (departments, districts, counties, the SASAC).
      return subtree(sql`u.coordinating_unit_id = u.id`);
    case 'SUBTREE':
      return subtree(
        sql`u.id in (${sql.join(
          groups.roots.map((r) => sql`${r}`),
          sql`, `,
        )})`,
      );
  }
}

export interface Figures {
  systems: number;
  exempt: number;
  retired: number;
  byStage: { stage: Stage; count: number }[];
  centralised: number;
  integrated: number;
  percentCentralised: number;
  percentIntegrated: number;
  overdue: number;
  pendingExtensions: number;
}

export interface FiguresRow {
  moment: string;
  key: string;
  figures: Figures;
}

const percent = (part: number, whole: number) => (whole ? Math.round((1000 * part) / whole) / 10 : 0);

/**
 * Figures for every (moment, group) pair in one statement. `moments` selects (moment text, at timestamptz).
 * Exempt (classified at the moment) systems are counted apart and left out of the stages, percentages and
 * overdue; retired ones are counted at their stage and apart, and left out of the percentages and overdue.
 */
export async function progressFigures(db: Db, moments: SQL, groups: Groups): Promise<FiguresRow[]> {
  const inScope = sql`f.stage is not null and f.classification <> 'CLASSIFIED'`;
  const stageColumns = sql.join(
    STAGES.map((stage) => sql`count(*) filter (where ${inScope} and f.stage = ${stage})::int as ${sql.identifier(`stage_${stage}`)}`),
    sql`, `,
  );
  const rows = await selectRows<Record<string, number | string>>(
    db,
    sql`
    with moments(moment, at) as (${moments}),
    groups(unit_id, key) as (${groupsSql(groups)}),
    facts as (
      select m.moment, g.key, ${classificationAtSql({ id: sql`s.id`, classification: sql`s.classification` }, sql`m.at`)} as classification, m.at,
        ${stageAt(sql`s.id`, sql`m.at`)} as stage,
        ${dueDateSql({ id: sql`s.unit_id`, voluntary: sql`u.voluntary` }, sql`b.window_end`, sql`m.at`)} as due_date
      from moments m cross join groups g
      join information_systems s on s.unit_id = g.unit_id
      join units u on u.id = s.unit_id
      join batches b on b.number = u.batch_number
    ),
    pending as (
      select m.moment, g.key, count(*)::int as n
      from moments m cross join groups g join extension_requests e on e.unit_id = g.unit_id
      left join extension_decisions d on d.request_id = e.id
      left join extension_withdrawals w on w.request_id = e.id
      where e.requested_at <= m.at
        and ${extensionStatusSql({ requestId: sql`d.request_id`, approved: sql`d.approved`, decidedAt: sql`d.decided_at`, withdrawnAt: sql`w.withdrawn_at` }, sql`m.at`)} = 'PENDING'
      group by m.moment, g.key
    ),
    keys as (select distinct m.moment, g.key from moments m cross join groups g)
    select k.moment, k.key,
      count(f.stage)::int as systems,
      count(*) filter (where f.stage is not null and f.classification = 'CLASSIFIED')::int as exempt,
      count(*) filter (where ${inScope} and f.stage = 'RETIRED')::int as retired,
      ${stageColumns},
      count(*) filter (where ${inScope} and ${centralisedSql(sql`f.stage`)})::int as centralised,
      count(*) filter (where ${inScope} and f.stage = 'INTEGRATED')::int as integrated,
      count(*) filter (where ${overdueSql({ classification: sql`f.classification`, stage: sql`f.stage`, dueDate: sql`f.due_date` }, sql`f.at`)})::int as overdue,
      coalesce(max(p.n), 0)::int as pending
    from keys k
    left join facts f on f.moment = k.moment and f.key = k.key
    left join pending p on p.moment = k.moment and p.key = k.key
    group by k.moment, k.key
    order by k.moment, k.key`,
  );
  return rows.map((row) => {
    const systems = Number(row.systems);
    const exempt = Number(row.exempt);
    const retired = Number(row.retired);
    const centralised = Number(row.centralised);
    const integrated = Number(row.integrated);
    return {
      moment: String(row.moment),
      key: String(row.key),
      figures: {
        systems,
        exempt,
        retired,
        byStage: STAGES.map((stage) => ({ stage, count: Number(row[`stage_${stage}`]) })),
        centralised,
        integrated,
        // Of the systems to move: neither exempt nor retired.
        percentCentralised: percent(centralised, systems - exempt - retired),
        percentIntegrated: percent(integrated, systems - exempt - retired),
        overdue: Number(row.overdue),
        pendingExtensions: Number(row.pending),
      },
    };
  });
}

/** One moment, labelled 'at'. */
export const singleMoment = (at: Date) => sql`select 'at'::text, ${instantParam(at)}`;

/** The end of each month from `from` to `to` (YYYY-MM) in Asia/Shanghai, labelled by month. */
export const monthEnds = (from: string, to: string) => sql`
  select to_char(m, 'YYYY-MM'), ((m + interval '1 month')::date::text || ' 00:00:00+08')::timestamptz
  from generate_series(${`${from}-01`}::timestamp, ${`${to}-01`}::timestamp, interval '1 month') m`;

export interface SystemAt {
  id: string;
  stage: Stage | null;
  /** Classified at the moment (§1): a reclassification counts from its approval on. */
  exempt: boolean;
  /** Null for an exempt or a retired system, and for a unit only encouraged to migrate. */
  dueDate: string | null;
  overdue: boolean;
}

/**
 * Each system's stage, due date and overdue state at one moment, for the systems `where` selects
 * (an SQL condition on `s`, the systems, and `u`, their units). Overdue only, when asked.
 */
export function systemsAtSql(at: Date, where: SQL, overdueOnly = false): SQL {
  const atSql = instantParam(at);
  return sql`
    select * from (
      select s.id, ${classificationAtSql({ id: sql`s.id`, classification: sql`s.classification` }, atSql)} as classification,
        ${stageAt(sql`s.id`, atSql)} as stage,
        ${dueDateSql({ id: sql`s.unit_id`, voluntary: sql`u.voluntary` }, sql`b.window_end`, atSql)}::text as due_date
      from information_systems s join units u on u.id = s.unit_id join batches b on b.number = u.batch_number
      where ${where}
    ) f
    cross join lateral (select
      coalesce(${overdueSql({ classification: sql`f.classification`, stage: sql`f.stage`, dueDate: sql`f.due_date::date` }, atSql)}, false) as overdue,
      floor(extract(epoch from (${atSql} - ${endOfDaySql(sql`f.due_date::date`)})) / 86400)::int as days_overdue) o
    ${overdueOnly ? sql`where o.overdue` : sql``}`;
}

export async function systemsAt(db: Db, at: Date, where: SQL): Promise<SystemAt[]> {
  const rows = await selectRows<{ id: string; classification: string; stage: Stage | null; due_date: string | null; overdue: boolean }>(
    db,
    systemsAtSql(at, where),
  );
  return rows.map((r) => {
    const exempt = r.classification === 'CLASSIFIED';
    // §1: an exempt system has no due date; a retired one has ended without one (rules.ts: ENDED_STAGES).
    return { id: r.id, stage: r.stage, exempt, dueDate: exempt || r.stage === 'RETIRED' ? null : r.due_date, overdue: r.overdue };
  });
}

export { subtree };
