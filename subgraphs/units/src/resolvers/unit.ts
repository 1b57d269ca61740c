import { loaded } from '@cq/kit/loaders';
import { parseAsOf } from '@cq/kit/time';
import type { Context } from '../context.ts';
import { units } from '../data/schema.ts';
import { monthlyCost } from '../domain/cost.ts';
import { mayReadUnitData, reachableSystems, reachableUnits, readableUnit, unitScopeSql } from '../domain/policy.ts';
import type { UnitResolvers } from '../generated/resolvers.ts';

/** A unit's programme data: answered only when the caller's scope holds the unit (policy.ts). */
async function inReach<T>(ctx: Context, unitId: string, field: string, answer: () => T | Promise<T>): Promise<T> {
  await mayReadUnitData(ctx, unitId, field);
  return answer();
}

export const Unit: UnitResolvers = {
  // The reference may carry fields other subgraphs resolved (@requires); keep them beside the row.
  __resolveReference: async (ref, ctx) => {
    const row = await readableUnit(ctx, await ctx.loaders.unit.load(ref.id));
    return row && { ...ref, ...row };
  },
  // Who the unit is: shown wherever the graph names it.
  name: (u) => u.nameEn,
  officialName: (u) => u.nameZh,
  noticeName: (u) => u.noticeNameZh,
  parent: (u, _, { loaders }) => (u.parentId ? loaders.unit.load(u.parentId) : null),
  coordinatingUnit: async (u, _, { loaders }) => loaded(await loaders.unit.load(u.coordinatingUnitId), 'unit', u.coordinatingUnitId),
  batch: async (u, _, { loaders }) => loaded(await loaders.batch.load(u.batchNumber), 'batch', u.batchNumber),
  // Lists show what the caller reaches; the unit's other programme data needs the unit in reach.
  coordinatedUnits: async (u, _, ctx) =>
    reachableUnits(
      ctx,
      (await ctx.loaders.coordinatedUnits.load(u.id)).filter((c) => c.id !== u.id),
    ),
  coordinatedUnitsPage: (u, page, { loaders, viewer }) =>
    loaders.coordinatedUnitPages(unitScopeSql(viewer, units.id)).load(u.id, page, null),
  systems: async (u, _, ctx) => reachableSystems(ctx, await ctx.loaders.systemsOfUnit.load(u.id)),
  isMigrating: (u, _, ctx) => inReach(ctx, u.id, 'isMigrating', async () => (await ctx.loaders.migratingUnit.load(u.id)) !== null),
  monthlyCost: (u, _, ctx) =>
    inReach(ctx, u.id, 'monthlyCost', () => monthlyCost(u.cloudMonthlyCostCny, u.parkMonthlyCostCny, u.telecomMonthlyCostCny)),
  progress: (u, { asOf }, ctx) =>
    inReach(ctx, u.id, 'progress', async () =>
      loaded(await ctx.loaders.unitProgressAt.load({ id: u.id, at: parseAsOf(asOf, ctx.now) }), 'progress of unit', u.id),
    ),
  extensionRequests: (u, _, ctx) => inReach(ctx, u.id, 'extensionRequests', () => ctx.loaders.extensionRequestsOfUnit.load(u.id)),
  budgetLines: (u, { year }, ctx) =>
    inReach(ctx, u.id, 'budgetLines', async () =>
      (await ctx.loaders.budgetLinesOfUnit.load(u.id)).filter((l) => year == null || l.year === year),
    ),
  corrections: (u, _, ctx) => inReach(ctx, u.id, 'corrections', () => ctx.loaders.correctionsOfUnit.load(u.id)),
  subtreeIds: (u, _, ctx) => inReach(ctx, u.id, 'subtreeIds', async () => (await ctx.loaders.subtreeOf.load(u.id)).map((r) => r.unit_id)),
};
