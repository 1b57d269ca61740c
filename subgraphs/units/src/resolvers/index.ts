import type { Resolvers } from '../generated/resolvers.ts';
import { systemPage, unitPage } from '../queries.ts';

export const resolvers: Resolvers = {
  Query: {
    unit: (_, { id }, { loaders }) => loaders.unit.load(id),
    units: (_, args, { db }) => unitPage(db, args),
    system: (_, { id }, { loaders }) => loaders.system.load(id),
    systems: (_, args, { db }) => systemPage(db, args),
    batches: async (_, __, { db }) => await db.query.batches.findMany({ orderBy: (b, { asc }) => asc(b.number) }),
  },
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
  },
  InformationSystem: {
    __resolveReference: (ref, { loaders }) => loaders.system.load(ref.id),
    name: (s) => s.nameEn,
    officialName: (s) => s.nameZh,
    unit: async (s, _, { loaders }) => (await loaders.unit.load(s.unitId))!,
    isExempt: (s) => s.classification === 'CLASSIFIED',
    vendor: (s) => (s.vendorId ? { id: s.vendorId } : null),
  },
  Batch: {
    id: (b) => `batch-${b.number}`,
    name: (b) => b.nameEn,
    officialName: (b) => b.nameZh,
    unitCount: async (b, _, { loaders }) => (await loaders.unitCountOfBatch.load(b.number))?.count ?? 0,
  },
};
