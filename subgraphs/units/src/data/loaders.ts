import { type Database, selectRows } from '@cq/kit/database';
import { groupLoader, rowLoader } from '@cq/kit/loaders';
import type { Moment } from '@cq/kit/moment';
import DataLoader from 'dataloader';
import { and, asc, count, desc, eq, inArray, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { LATEST_SELECTIONS, MIGRATION_STAGES, STARTED_STAGES } from '../domain/rules.ts';
import { pageLoaders } from './pages.ts';
import { type Figures, instantParam, progressFigures, type SystemAt, singleMoment, stageAt, subtree, systemsAt } from './progress.ts';
import type * as schema from './schema.ts';
import {
  assessments,
  batches,
  budgetLines,
  corrections,
  extensionDecisions,
  extensionRequests,
  extensionWithdrawals,
  informationSystems,
  migrationPlans,
  reclassificationDecisions,
  reclassificationRequests,
  stageTransitions,
  systemDependencies,
  units,
  vendorSelections,
} from './schema.ts';

type Db = Database<typeof schema>;

/**
 * A loader of facts at a moment, keyed by (id, moment): keys are grouped by moment and each moment costs
 * one statement for all its ids, so statements follow the query's shape, never the number of rows.
 */
function atMomentLoader<T>(fetch: (ids: string[], at: Date) => Promise<Map<string, T>>) {
  return new DataLoader<{ id: string; at: Date }, T | null, string>(
    async (keys) => {
      const byMoment = new Map<number, string[]>();
      for (const { id, at } of keys) byMoment.set(at.getTime(), [...(byMoment.get(at.getTime()) ?? []), id]);
      const answers = new Map<string, T>();
      for (const [time, ids] of byMoment) {
        for (const [id, value] of await fetch(ids, new Date(time))) answers.set(`${id}@${time}`, value);
      }
      return keys.map(({ id, at }) => answers.get(`${id}@${at.getTime()}`) ?? null);
    },
    { cacheKeyFn: ({ id, at }) => `${id}@${at.getTime()}` },
  );
}

/** The latest row per system of a step's table (assessments, selections, plans). */
const latestPerSystem = <T extends { systemId: string }>(fetch: (ids: string[]) => Promise<T[]>) =>
  rowLoader(
    async (ids: readonly string[]) => await fetch([...ids]),
    (row: T) => row.systemId,
  );

/**
 * Fresh for every request (a loader caches for its request only); each batch is one SQL statement. The
 * history is read as it stood at the request's moment (kit: moment.ts): now, every row; as of a moment
 * asked for, only what was recorded by then (`by`), and stages from the transitions (`stageOf`) rather than
 * the row's stage of today. Who may see what (policy.ts: `systemsOfVendor`, `subtreeOf`) follows today's
 * facts, whatever the moment.
 */
/** The rows recorded by a request's moment: every row now; as of a moment, those recorded by then. */
export const recordedBy = <T extends { at: Date }>(rows: T[], moment: Moment): T[] =>
  moment.asOf ? rows.filter((r) => r.at <= moment.at) : rows;

export function createLoaders(db: Db, moment: Moment = { at: new Date(), asOf: false }) {
  /** Rows recorded by the moment asked for (nothing to leave out now). */
  const by = (recordedAt: SQLWrapper): SQL | undefined => (moment.asOf ? sql`${recordedAt} <= ${instantParam(moment.at)}` : undefined);
  /** A system's stage at the moment: the row's own now, its last transition by then otherwise. */
  const stageOf = (system: SQL) => (moment.asOf ? stageAt(system, instantParam(moment.at)) : sql`${informationSystems.stage}`);
  /** Each system's latest selection at the moment (§3.2): LATEST_SELECTIONS now. */
  const latestSelections = moment.asOf
    ? sql`select distinct on (system_id) system_id, vendor_id from vendor_selections where at <= ${instantParam(moment.at)} order by system_id, at desc, id desc`
    : LATEST_SELECTIONS;
  return {
    unit: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(units)
          .where(inArray(units.id, [...ids])),
      (u) => u.id,
    ),
    system: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(informationSystems)
          .where(inArray(informationSystems.id, [...ids])),
      (s) => s.id,
    ),
    systemsOfUnit: groupLoader(
      async (unitIds: readonly string[]) =>
        await db
          .select()
          .from(informationSystems)
          .where(inArray(informationSystems.unitId, [...unitIds]))
          .orderBy(informationSystems.id),
      (s) => s.unitId,
    ),
    coordinatedUnits: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(units)
          .where(inArray(units.coordinatingUnitId, [...ids]))
          .orderBy(units.id),
      (u) => u.coordinatingUnitId,
    ),
    batch: rowLoader(
      async (numbers: readonly number[]) =>
        await db
          .select()
          .from(batches)
          .where(inArray(batches.number, [...numbers])),
      (b) => b.number,
    ),
    unitCountOfBatch: rowLoader(
      async (numbers: readonly number[]) =>
        await db
          .select({ batchNumber: units.batchNumber, count: count() })
          .from(units)
          .where(inArray(units.batchNumber, [...numbers]))
          .groupBy(units.batchNumber),
      (r) => r.batchNumber,
    ),
    historyOfSystem: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(stageTransitions)
          .where(and(inArray(stageTransitions.systemId, [...ids]), by(stageTransitions.at)))
          .orderBy(asc(stageTransitions.at), asc(stageTransitions.id)),
      (t) => t.systemId,
    ),
    assessment: latestPerSystem(
      async (ids) =>
        await db
          .selectDistinctOn([assessments.systemId])
          .from(assessments)
          .where(and(inArray(assessments.systemId, ids), by(assessments.at)))
          .orderBy(assessments.systemId, desc(assessments.at), desc(assessments.id)),
    ),
    vendorSelection: latestPerSystem(
      async (ids) =>
        await db
          .selectDistinctOn([vendorSelections.systemId])
          .from(vendorSelections)
          .where(and(inArray(vendorSelections.systemId, ids), by(vendorSelections.at)))
          .orderBy(vendorSelections.systemId, desc(vendorSelections.at), desc(vendorSelections.id)),
    ),
    migrationPlan: latestPerSystem(
      async (ids) =>
        await db
          .selectDistinctOn([migrationPlans.systemId])
          .from(migrationPlans)
          .where(and(inArray(migrationPlans.systemId, ids), by(migrationPlans.at)))
          .orderBy(migrationPlans.systemId, desc(migrationPlans.at), desc(migrationPlans.id)),
    ),
    dependenciesOf: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select({ of: systemDependencies.systemId, system: informationSystems })
          .from(systemDependencies)
          .innerJoin(informationSystems, eq(informationSystems.id, systemDependencies.dependsOnId))
          .where(inArray(systemDependencies.systemId, [...ids]))
          .orderBy(informationSystems.id),
      (r) => r.of,
    ),
    dependentsOf: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select({ of: systemDependencies.dependsOnId, system: informationSystems })
          .from(systemDependencies)
          .innerJoin(informationSystems, eq(informationSystems.id, systemDependencies.systemId))
          .where(inArray(systemDependencies.dependsOnId, [...ids]))
          .orderBy(informationSystems.id),
      (r) => r.of,
    ),
    extensionRequestsOfUnit: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(extensionRequests)
          .where(and(inArray(extensionRequests.unitId, [...ids]), by(extensionRequests.requestedAt)))
          .orderBy(desc(extensionRequests.id)),
      (r) => r.unitId,
    ),
    extensionDecision: rowLoader(
      async (ids: readonly number[]) =>
        await db
          .select()
          .from(extensionDecisions)
          .where(inArray(extensionDecisions.requestId, [...ids])),
      (d) => d.requestId,
    ),
    extensionWithdrawal: rowLoader(
      async (ids: readonly number[]) =>
        await db
          .select()
          .from(extensionWithdrawals)
          .where(inArray(extensionWithdrawals.requestId, [...ids])),
      (w) => w.requestId,
    ),
    /** The corrections of each unit, oldest first (the one history of corrections). */
    correctionsOfUnit: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(corrections)
          .where(and(inArray(corrections.unitId, [...ids]), by(corrections.at)))
          .orderBy(asc(corrections.at), asc(corrections.id)),
      (c) => c.unitId ?? '',
    ),
    /**
     * The corrections of each system, oldest first, every one: where a system ran at any moment a field
     * asks (`hosting(asOf:)`); `recordedBy` keeps those made by the request's moment.
     */
    correctionsOfSystem: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(corrections)
          .where(inArray(corrections.systemId, [...ids]))
          .orderBy(asc(corrections.at), asc(corrections.id)),
      (c) => c.systemId ?? '',
    ),
    reclassificationRequestsOfSystem: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(reclassificationRequests)
          .where(and(inArray(reclassificationRequests.systemId, [...ids]), by(reclassificationRequests.requestedAt)))
          .orderBy(desc(reclassificationRequests.id)),
      (r) => r.systemId,
    ),
    reclassificationDecision: rowLoader(
      async (ids: readonly number[]) =>
        await db
          .select()
          .from(reclassificationDecisions)
          .where(and(inArray(reclassificationDecisions.requestId, [...ids]), by(reclassificationDecisions.decidedAt))),
      (d) => d.requestId,
    ),
    budgetLinesOfUnit: groupLoader(
      async (ids: readonly string[]) =>
        await db
          .select()
          .from(budgetLines)
          .where(and(inArray(budgetLines.unitId, [...ids]), by(budgetLines.recordedAt)))
          .orderBy(budgetLines.id),
      (l) => l.unitId,
    ),
    /** Units with a non-exempt system whose migration has started (rules.ts: STARTED_STAGES): they are migrating. */
    migratingUnit: rowLoader(
      async (ids: readonly string[]) =>
        await db
          .selectDistinct({ unitId: informationSystems.unitId })
          .from(informationSystems)
          .where(
            and(
              inArray(informationSystems.unitId, [...ids]),
              eq(informationSystems.classification, 'NON_CLASSIFIED'),
              sql`${stageOf(sql`${informationSystems.id}`)} in (${sql.join(
                STARTED_STAGES.map((stage) => sql`${stage}`),
                sql`, `,
              )})`,
            ),
          ),
      (r) => r.unitId,
    ),
    /** Systems each provider was last selected for that are in migration (rules.ts: MIGRATION_STAGES). */
    systemsInMigrationOfVendor: groupLoader(
      async (vendorIds: readonly string[]) =>
        await db
          .select({ vendorId: sql<string>`latest.vendor_id`, system: informationSystems })
          .from(informationSystems)
          .innerJoin(sql`(${latestSelections}) latest`, sql`latest.system_id = ${informationSystems.id}`)
          .where(
            and(
              sql`latest.vendor_id in (${sql.join(
                vendorIds.map((v) => sql`${v}`),
                sql`, `,
              )})`,
              sql`${stageOf(sql`${informationSystems.id}`)} in (${sql.join(
                MIGRATION_STAGES.map((stage) => sql`${stage}`),
                sql`, `,
              )})`,
              // §1: a system reclassified as classified mid-migration is exempt from then on.
              eq(informationSystems.classification, 'NON_CLASSIFIED'),
            ),
          )
          .orderBy(informationSystems.id),
      (r) => r.vendorId,
    ),
    /** Each unit's subtree along the coordination tree (§6.2): itself and every unit below it, in id order. */
    subtreeOf: groupLoader(
      async (ids: readonly string[]) =>
        await selectRows<{ unit_id: string; root: string }>(
          db,
          sql`select unit_id, root from (${subtree(
            sql`u.id in (${sql.join(
              ids.map((id) => sql`${id}`),
              sql`, `,
            )})`,
          )}) t order by unit_id`,
        ),
      (r) => r.root,
    ),
    /** The systems each provider was last selected for (§3.2), whatever their stage, with their units. */
    systemsOfVendor: groupLoader(
      async (vendorIds: readonly string[]) =>
        await selectRows<{ vendor_id: string; id: string; unit_id: string }>(
          db,
          sql`select latest.vendor_id, s.id, s.unit_id from information_systems s
              join (${LATEST_SELECTIONS}) latest on latest.system_id = s.id
              where latest.vendor_id in (${sql.join(
                vendorIds.map((v) => sql`${v}`),
                sql`, `,
              )})`,
        ),
      (r) => r.vendor_id,
    ),
    /** A system's stage, due date and overdue state at a moment. */
    systemAt: atMomentLoader<SystemAt>(async (ids, at) => {
      const rows = await systemsAt(
        db,
        at,
        sql`s.id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      );
      return new Map(rows.map((r) => [r.id, r]));
    }),
    /** A unit's figures at a moment, rolling up its coordination subtree (§6.2). */
    unitProgressAt: atMomentLoader<Figures>(async (ids, at) => {
      const rows = await progressFigures(db, singleMoment(at), { by: 'SUBTREE', roots: ids });
      return new Map(rows.map((r) => [r.key, r.figures]));
    }),
    /** The paged lists nested under many parents (pages.ts). */
    ...pageLoaders(db, moment),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
