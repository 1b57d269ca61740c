/**
 * Progress as it stood at any moment, computed from the append-only history in a fixed number of SQL
 * statements, whatever the number of units, systems or moments: the stage of a system at a moment is the
 * `to` of its last transition by then; its due date is its batch's last day or the new date of an
 * extension approved by then; it is overdue once that day has ended in Asia/Shanghai.
 */
import { type Database, selectRows } from '@cq/kit/database';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { CLASSIFICATION_SPANS, centralisedSql, endOfDaySql, extendedDueDatesSql, extensionStatusSql, overdueSql } from '../domain/rules.ts';
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

/** A stage as the API reads it: a step of the history, or EXEMPT for a system classified at the moment (§1). */
export type StageReading = Stage | 'EXEMPT';

export interface Figures {
  systemCount: number;
  exemptCount: number;
  retiredCount: number;
  /** Every stage, EXEMPT last: the counts add up to systemCount. */
  byStage: { stage: StageReading; count: number }[];
  centralisedCount: number;
  integratedCount: number;
  percentCentralised: number;
  percentIntegrated: number;
  overdueCount: number;
  pendingExtensionCount: number;
}

export interface FiguresRow {
  moment: string;
  key: string;
  /** The whole programme's figures (progressFigures' `withTotal`), not a group's. */
  whole: boolean;
  figures: Figures;
}

const percent = (part: number, whole: number) => (whole ? Math.round((1000 * part) / whole) / 10 : 0);

/**
 * Each system's stages as spans of time, in one pass over its history (a window function): a transition's
 * `to` holds from its instant until the system's next transition (ordered by instant, then id, as
 * `stageAt` orders them), or for good. `systems` selects the ids of the systems to read.
 */
const stageSpans = (systems?: SQL) => sql`
  select t.system_id, t.to_stage as stage, t.at as since, lead(t.at) over (partition by t.system_id order by t.at, t.id) as until
  from stage_transitions t ${systems ? sql`where t.system_id in (${systems})` : sql``}`;

/**
 * Figures for every (moment, group) pair in one statement. `moments` selects (moment text, at timestamptz).
 * Exempt (classified at the moment) systems are counted apart and left out of the stages, percentages and
 * overdue; retired ones are counted at their stage and apart, and left out of the percentages and overdue.
 * With `withTotal`, the whole programme's figures come too, as rows marked `whole` (a coordinating unit's
 * subtree may nest in another's, so the total is not the groups' sum).
 *
 * Set-based throughout, so the cost follows the history's length, not systems × moments × lookups: the
 * history is read once as spans (`stageSpans`), each span joins the moments it covers, and the few
 * reclassifications and approved extensions are read once as well (rules.ts: CLASSIFICATION_SPANS,
 * extendedDueDatesSql) rather than looked up for every system at every moment.
 */
export async function progressFigures(db: Db, moments: SQL, groups: Groups, withTotal = false): Promise<FiguresRow[]> {
  const inScope = sql`f.classification <> 'CLASSIFIED'`;
  // What each group counts at each moment.
  const counted: [string, SQL][] = [
    ['systems', sql`true`],
    ['exempt', sql`f.classification = 'CLASSIFIED'`],
    ['retired', sql`${inScope} and f.stage = 'RETIRED'`],
    ...STAGES.map((stage): [string, SQL] => [`stage_${stage}`, sql`${inScope} and f.stage = ${stage}`]),
    ['centralised', sql`${inScope} and ${centralisedSql(sql`f.stage`)}`],
    ['integrated', sql`${inScope} and f.stage = 'INTEGRATED'`],
    ['overdue', overdueSql({ classification: sql`f.classification`, stage: sql`f.stage`, dueDate: sql`f.due_date` }, sql`f.at`)],
  ];
  const columns = (each: (name: SQL, condition: SQL) => SQL) =>
    sql.join(
      counted.map(([name, condition]) => each(sql`${sql.identifier(name)}`, condition)),
      sql`, `,
    );
  // A subtree's few units: read only their systems' histories (the other groupings cover every unit).
  const systems =
    groups.by === 'SUBTREE' ? sql`select s.id from information_systems s where s.unit_id in (select unit_id from groups)` : undefined;
  const rows = await selectRows<Record<string, number | string | boolean>>(
    db,
    sql`
    with moments(moment, at) as (${moments}),
    instants as (select distinct at from moments),
    groups(unit_id, key, whole) as (
      select unit_id, key, false from (${groupsSql(groups)}) g(unit_id, key)
      ${withTotal ? sql`union all select id, '*', true from units` : sql``}
    ),
    spans as (${stageSpans(systems)}),
    -- Each span at the instants it covers: from its start, before its end.
    stages as (
      select sp.system_id, sp.stage, i.at
      from spans sp join instants i on i.at >= sp.since and (sp.until is null or i.at < sp.until)
    ),
    extended as (${extendedDueDatesSql(sql`select at from instants`)}),
    reclassified as (${CLASSIFICATION_SPANS}),
    -- Each system once per group it counts in, with what does not change over time.
    members as (
      select s.id as system_id, s.unit_id, s.classification, g.whole, g.key, u.voluntary, b.window_end
      from groups g
      join information_systems s on s.unit_id = g.unit_id
      join units u on u.id = s.unit_id
      join batches b on b.number = u.batch_number
    ),
    facts as (
      select st.at, mb.whole, mb.key, st.stage,
        coalesce(r.classification, mb.classification) as classification,
        case when mb.voluntary then null else coalesce(x.due_date, mb.window_end) end as due_date
      from stages st
      join members mb on mb.system_id = st.system_id
      left join extended x on x.at = st.at and x.unit_id = mb.unit_id
      left join reclassified r on r.system_id = st.system_id and (r.since is null or r.since <= st.at) and st.at < r.until
    ),
    figures as (
      select f.at, f.whole, f.key, ${columns((name, condition) => sql`count(*) filter (where ${condition})::int as ${name}`)}
      from facts f
      group by f.at, f.whole, f.key
    ),
    pending as (
      select m.moment, g.whole, g.key, count(*)::int as n
      from moments m cross join groups g join extension_requests e on e.unit_id = g.unit_id
      left join extension_decisions d on d.request_id = e.id
      left join extension_withdrawals w on w.request_id = e.id
      where e.requested_at <= m.at
        and ${extensionStatusSql({ requestId: sql`d.request_id`, approved: sql`d.approved`, decidedAt: sql`d.decided_at`, withdrawnAt: sql`w.withdrawn_at` }, sql`m.at`)} = 'PENDING'
      group by m.moment, g.whole, g.key
    ),
    keys as (select m.moment, m.at, g.whole, g.key from moments m cross join (select distinct whole, key from groups) g)
    select k.moment, k.whole, k.key, ${columns((name) => sql`coalesce(f.${name}, 0)::int as ${name}`)}, coalesce(p.n, 0)::int as pending
    from keys k
    left join figures f on f.at = k.at and f.whole = k.whole and f.key = k.key
    left join pending p on p.moment = k.moment and p.whole = k.whole and p.key = k.key
    order by k.moment, k.whole, k.key`,
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
      whole: row.whole === true,
      figures: {
        systemCount: systems,
        exemptCount: exempt,
        retiredCount: retired,
        byStage: [
          ...STAGES.map((stage): Figures['byStage'][number] => ({ stage, count: Number(row[`stage_${stage}`]) })),
          { stage: 'EXEMPT', count: exempt },
        ],
        centralisedCount: centralised,
        integratedCount: integrated,
        // Of the systems to move: neither exempt nor retired.
        percentCentralised: percent(centralised, systems - exempt - retired),
        percentIntegrated: percent(integrated, systems - exempt - retired),
        overdueCount: Number(row.overdue),
        pendingExtensionCount: Number(row.pending),
      },
    };
  });
}

/** One moment, labelled 'at'. */
export const singleMoment = (at: Date) => sql`select 'at'::text, ${instantParam(at)}`;

/**
 * The end of each month from `from` to `to` (YYYY-MM) in Asia/Shanghai, labelled by month. A series of
 * whole numbers, so the planner knows how many months there are.
 */
export const monthEnds = (from: string, to: string) => sql`
  select to_char(m, 'YYYY-MM'), ((m + interval '1 month')::date::text || ' 00:00:00+08')::timestamptz
  from generate_series(0, ${monthsBetween(from, to)}::int) k, lateral (select ${`${from}-01`}::timestamp + k * interval '1 month' as m) month`;

const monthsBetween = (from: string, to: string) =>
  Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - (Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)));

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
 *
 * The stage is looked up once per system (`stageAt` as a lateral join, one index probe, so that using it
 * twice does not look it up twice); reclassifications and the extensions approved by the moment are few
 * and read once for all systems (rules.ts: CLASSIFICATION_SPANS, extendedDueDatesSql).
 */
export function systemsAtSql(at: Date, where: SQL, overdueOnly = false): SQL {
  const atSql = instantParam(at);
  return sql`
    select * from (
      select s.id, coalesce(rc.classification, s.classification) as classification, st.stage,
        (case when u.voluntary then null else coalesce(x.due_date, b.window_end) end)::text as due_date
      from information_systems s join units u on u.id = s.unit_id join batches b on b.number = u.batch_number
      left join lateral (select t.to_stage as stage from stage_transitions t
        where t.system_id = s.id and t.at <= ${atSql} order by t.at desc, t.id desc limit 1) st on true
      left join (${CLASSIFICATION_SPANS}) rc on rc.system_id = s.id and (rc.since is null or rc.since <= ${atSql}) and ${atSql} < rc.until
      left join (${extendedDueDatesSql(sql`select ${atSql} as at`)}) x on x.unit_id = u.id
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

/** A unit in a coordinating unit's subtree (§6.2), the coordinating unit itself included. */
export const inSubtreeOf = (unitId: SQLWrapper, rootId: string) =>
  sql`${unitId} in (select t.unit_id from (${subtree(sql`u.id = ${rootId}`)}) t)`;
