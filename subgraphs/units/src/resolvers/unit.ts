import { loaded } from '@cq/kit/loaders';
import { parseAsOf } from '@cq/kit/time';
import { monthlyCost } from '../domain/cost.ts';
import type { UnitResolvers } from '../generated/resolvers.ts';

export const Unit: UnitResolvers = {
  // The reference may carry fields other subgraphs resolved (@requires); keep them beside the row.
  __resolveReference: async (ref, { loaders }) => {
    const row = await loaders.unit.load(ref.id);
    return row && { ...ref, ...row };
  },
  name: (u) => u.nameEn,
  officialName: (u) => u.nameZh,
  noticeName: (u) => u.noticeNameZh,
  parent: (u, _, { loaders }) => (u.parentId ? loaders.unit.load(u.parentId) : null),
  coordinatingUnit: async (u, _, { loaders }) => loaded(await loaders.unit.load(u.coordinatingUnitId), 'unit', u.coordinatingUnitId),
  coordinatedUnits: async (u, _, { loaders }) => (await loaders.coordinatedUnits.load(u.id)).filter((c) => c.id !== u.id),
  batch: async (u, _, { loaders }) => loaded(await loaders.batch.load(u.batchNumber), 'batch', u.batchNumber),
  systems: (u, _, { loaders }) => loaders.systemsOfUnit.load(u.id),
  isMigrating: async (u, _, { loaders }) => (await loaders.migratingUnit.load(u.id)) !== null,
  monthlyCost: (u) => monthlyCost(u.cloudMonthlyCostCny, u.parkMonthlyCostCny, u.telecomMonthlyCostCny),
  progress: async (u, { asOf }, { loaders, now }) =>
    loaded(await loaders.unitProgressAt.load({ id: u.id, at: parseAsOf(asOf, now) }), 'progress of unit', u.id),
  extensionRequests: (u, _, { loaders }) => loaders.extensionRequestsOfUnit.load(u.id),
  budgetLines: async (u, { year }, { loaders }) =>
    (await loaders.budgetLinesOfUnit.load(u.id)).filter((l) => year == null || l.year === year),
};
