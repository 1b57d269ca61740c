import { parseAsOf } from '@cq/kit';
import type { Resolvers } from '../generated/resolvers.ts';
import { monthlyCost } from './cost.ts';

export const unit: Pick<Resolvers, 'Unit' | 'Batch' | 'Liaison'> = {
  Liaison: {
    role: (l) => l.roleEn,
    officialRole: (l) => l.roleZh,
    organisationName: (l) => l.organisationEn,
    organisationOfficialName: (l) => l.organisationZh,
    unit: (l, _, { loaders }) => (l.unitId ? loaders.unit.load(l.unitId) : null),
    vendor: (l) => (l.vendorId ? { id: l.vendorId } : null),
  },
  Unit: {
    // The reference may carry fields other subgraphs resolved (@requires); keep them beside the row.
    __resolveReference: async (ref, { loaders }) => {
      const row = await loaders.unit.load(ref.id);
      return row && { ...ref, ...row };
    },
    name: (u) => u.nameEn,
    officialName: (u) => u.nameZh,
    noticeName: (u) => u.noticeNameZh,
    parent: (u, _, { loaders }) => (u.parentId ? loaders.unit.load(u.parentId) : null),
    coordinatingUnit: async (u, _, { loaders }) => (await loaders.unit.load(u.coordinatingUnitId))!,
    coordinatedUnits: async (u, _, { loaders }) => (await loaders.coordinatedUnits.load(u.id)).filter((c) => c.id !== u.id),
    batch: async (u, _, { loaders }) => (await loaders.batch.load(u.batchNumber))!,
    systems: (u, _, { loaders }) => loaders.systemsOfUnit.load(u.id),
    isMigrating: async (u, _, { loaders }) => (await loaders.migratingUnit.load(u.id)) !== null,
    monthlyCost: (u) => monthlyCost(u.cloudMonthlyCostCny, u.parkMonthlyCostCny, u.telecomMonthlyCostCny),
    progress: async (u, { asOf }, { loaders, now }) => (await loaders.unitProgressAt.load({ id: u.id, at: parseAsOf(asOf, now) }))!,
    extensionRequests: (u, _, { loaders }) => loaders.extensionRequestsOfUnit.load(u.id),
    budgetLines: async (u, { year }, { loaders }) => (await loaders.budgetLinesOfUnit.load(u.id)).filter((l) => year == null || l.year === year),
  },
  Batch: {
    id: (b) => `batch-${b.number}`,
    name: (b) => b.nameEn,
    officialName: (b) => b.nameZh,
    unitCount: async (b, _, { loaders }) => (await loaders.unitCountOfBatch.load(b.number))?.count ?? 0,
  },
};
