import { parseAsOf } from '@cq/kit';
import type { Resolvers } from '../generated/resolvers.ts';

export const unit: Pick<Resolvers, 'Unit' | 'Batch'> = {
  Unit: {
    __resolveReference: (ref, { loaders }) => loaders.unit.load(ref.id),
    name: (u) => u.nameEn,
    officialName: (u) => u.nameZh,
    noticeName: (u) => u.noticeNameZh,
    parent: (u, _, { loaders }) => (u.parentId ? loaders.unit.load(u.parentId) : null),
    coordinatingUnit: async (u, _, { loaders }) => (await loaders.unit.load(u.coordinatingUnitId))!,
    coordinatedUnits: async (u, _, { loaders }) => (await loaders.coordinatedUnits.load(u.id)).filter((c) => c.id !== u.id),
    batch: async (u, _, { loaders }) => (await loaders.batch.load(u.batchNumber))!,
    systems: (u, _, { loaders }) => loaders.systemsOfUnit.load(u.id),
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
