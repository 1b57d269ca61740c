import { countOf, type Database } from '@cq/kit/database';
import type { Viewer } from '@cq/kit/identity';
import { keysetPage, type PageArgs } from '@cq/kit/paging';
import { nameContains } from '@cq/kit/search';
import { and, count, eq, inArray, type SQL } from 'drizzle-orm';
import { systemScopeSql, unitScopeSql } from '../domain/policy.ts';
import type { SystemFilter, UnitFilter } from '../generated/resolvers.ts';
import type * as schema from './schema.ts';
import { informationSystems, units } from './schema.ts';

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

function systemConditions(db: Db, filter: SystemFilter | null | undefined): SQL | undefined {
  if (!filter) return undefined;
  return and(
    filter.unitId ? eq(informationSystems.unitId, filter.unitId) : undefined,
    filter.stage ? eq(informationSystems.stage, filter.stage) : undefined,
    filter.classification ? eq(informationSystems.classification, filter.classification) : undefined,
    // A subquery keeps the batch filter inside the same statement.
    filter.batch != null
      ? inArray(informationSystems.unitId, db.select({ id: units.id }).from(units).where(eq(units.batchNumber, filter.batch)))
      : undefined,
  );
}

/** Systems in id order, only those the viewer reaches (policy.ts). Two statements: the page, and the count if asked. */
export function systemPage(db: Db, viewer: Viewer, args: PageArgs & { filter?: SystemFilter | null }) {
  const where = and(
    systemScopeSql(viewer, { id: informationSystems.id, unitId: informationSystems.unitId }),
    systemConditions(db, args.filter),
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
