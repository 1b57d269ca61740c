/**
 * Lists nested under many parents that grow with the programme, a keyset page at a time: the units a
 * coordinating unit coordinates (§6.2) and the systems in migration with a provider (§3.2). Each field's
 * pages come from one statement for all the parents of a request, their counts from one more (kit:
 * paging.ts, nestedPageLoader), whatever the lists' lengths. A coordinating unit's page is read off its
 * index; the systems in migration are derived whole (each system's latest selection and stage) and
 * numbered within each provider's list.
 */
import type { Database } from '@cq/kit/database';
import type { Moment } from '@cq/kit/moment';
import { nestedPageLoader, PARENT, parentsOf, placeInParent } from '@cq/kit/paging';
import { and, count, eq, getTableColumns, inArray, lte, ne, type SQL, sql } from 'drizzle-orm';
import { LATEST_SELECTIONS, MIGRATION_STAGES } from '../domain/rules.ts';
import { instantParam, stageAt } from './progress.ts';
import type * as schema from './schema.ts';
import { informationSystems, type SystemRow, systemDependencies, type UnitRow, units } from './schema.ts';

type Db = Database<typeof schema>;

/** The units each coordinating unit coordinates, itself excluded, that meet `where` (scope, cursor). */
const coordinatedBy = (ids: string[], where: SQL | undefined) =>
  and(inArray(units.coordinatingUnitId, ids), ne(units.id, units.coordinatingUnitId), where);

/**
 * The systems in migration with each provider at the moment (as `systemsInMigrationOfVendor` in
 * loaders.ts): its latest selection by then names the provider, its stage then is one of MIGRATION_STAGES,
 * and it is not classified (§1: exempt from then on).
 */
function inMigration(moment: Moment) {
  const latest = moment.asOf
    ? sql`select distinct on (system_id) system_id, vendor_id from vendor_selections where at <= ${instantParam(moment.at)} order by system_id, at desc, id desc`
    : LATEST_SELECTIONS;
  const stage = moment.asOf ? stageAt(sql`${informationSystems.id}`, instantParam(moment.at)) : sql`${informationSystems.stage}`;
  const stages = sql.join(
    MIGRATION_STAGES.map((s) => sql`${s}`),
    sql`, `,
  );
  return {
    join: sql`(${latest}) latest`,
    on: sql`latest.system_id = ${informationSystems.id}`,
    where: (vendorIds: string[], where: SQL | undefined) =>
      and(
        sql`latest.vendor_id in (${sql.join(
          vendorIds.map((v) => sql`${v}`),
          sql`, `,
        )})`,
        sql`${stage} in (${stages})`,
        eq(informationSystems.classification, 'NON_CLASSIFIED'),
        where,
      ),
  };
}

type SystemOfVendor = SystemRow & { selectedVendorId: string };
type Dependent = SystemRow & { dependsOnId: string };

/** Fresh for every request, as the other loaders; `visible` is the caller's scope (policy.ts), the same for the whole request. */
export function pageLoaders(db: Db, moment: Moment) {
  let coordinated: ReturnType<typeof nestedPageLoader<string, UnitRow, null>> | undefined;
  let dependents: ReturnType<typeof nestedPageLoader<string, Dependent, null>> | undefined;
  let inMigrationWith: ReturnType<typeof nestedPageLoader<string, SystemOfVendor, null>> | undefined;
  const migration = inMigration(moment);
  return {
    /** A page of the units each coordinating unit coordinates, in id order (policy.ts: unitScopeSql is `visible`). */
    coordinatedUnitPages: (visible: SQL | undefined) =>
      (coordinated ??= nestedPageLoader<string, UnitRow, null>({
        order: [units.id],
        rows: async (ids, after, limit) => {
          // Each coordinating unit joined to its own page, read off the index on coordinating_unit_id.
          const page = db
            .select()
            .from(units)
            .where(and(eq(units.coordinatingUnitId, PARENT), ne(units.id, units.coordinatingUnitId), visible, after))
            .orderBy(units.id)
            .limit(limit)
            .as('page');
          return (await db.select().from(parentsOf(ids)).crossJoinLateral(page)).map((r) => r.page);
        },
        parentOf: (u) => u.coordinatingUnitId,
        keyOf: (u) => [u.id],
        counts: async (ids) => {
          const rows = await db
            .select({ id: units.coordinatingUnitId, n: count() })
            .from(units)
            .where(coordinatedBy(ids, visible))
            .groupBy(units.coordinatingUnitId);
          return new Map(rows.map((r) => [r.id, Number(r.n)]));
        },
      })),
    /** A page of the systems that depend on each system, in id order (every one: who a system is shows to any caller). */
    dependentPages: () =>
      (dependents ??= nestedPageLoader<string, Dependent, null>({
        order: [informationSystems.id],
        rows: async (ids, after, limit) => {
          // Each system joined to its own page of dependents, found through the index on depends_on_id.
          const page = db
            .select({ ...getTableColumns(informationSystems), dependsOnId: systemDependencies.dependsOnId })
            .from(systemDependencies)
            .innerJoin(informationSystems, eq(informationSystems.id, systemDependencies.systemId))
            .where(and(eq(systemDependencies.dependsOnId, PARENT), after))
            .orderBy(informationSystems.id)
            .limit(limit)
            .as('page');
          return (await db.select().from(parentsOf(ids)).crossJoinLateral(page)).map((r) => r.page);
        },
        parentOf: (s) => s.dependsOnId,
        keyOf: (s) => [s.id],
        counts: async (ids) => {
          const rows = await db
            .select({ id: systemDependencies.dependsOnId, n: count() })
            .from(systemDependencies)
            .where(inArray(systemDependencies.dependsOnId, ids))
            .groupBy(systemDependencies.dependsOnId);
          return new Map(rows.map((r) => [r.id, Number(r.n)]));
        },
      })),
    /** A page of the systems in migration with each provider, in id order (policy.ts: systemScopeSql is `visible`). */
    systemInMigrationPages: (visible: SQL | undefined) =>
      (inMigrationWith ??= nestedPageLoader<string, SystemOfVendor, null>({
        order: [informationSystems.id],
        rows: async (ids, after, limit) => {
          const numbered = db
            .select({
              ...getTableColumns(informationSystems),
              selectedVendorId: sql<string>`latest.vendor_id`.as('selected_vendor_id'),
              place: placeInParent(sql`latest.vendor_id`, [informationSystems.id]).as('place'),
            })
            .from(informationSystems)
            .innerJoin(migration.join, migration.on)
            .where(migration.where(ids, and(visible, after)))
            .as('numbered');
          const rows = await db.select().from(numbered).where(lte(numbered.place, limit)).orderBy(numbered.selectedVendorId, numbered.id);
          return rows.map(({ place: _, ...system }) => system);
        },
        parentOf: (s) => s.selectedVendorId,
        keyOf: (s) => [s.id],
        counts: async (ids) => {
          const rows = await db
            .select({ id: sql<string>`latest.vendor_id`, n: count() })
            .from(informationSystems)
            .innerJoin(migration.join, migration.on)
            .where(migration.where(ids, visible))
            .groupBy(sql`latest.vendor_id`);
          return new Map(rows.map((r) => [r.id, Number(r.n)]));
        },
      })),
  };
}
