import type { BatchResolvers } from '../generated/resolvers.ts';

export const Batch: BatchResolvers = {
  id: (b) => `batch-${b.number}`,
  name: (b) => b.nameEn,
  officialName: (b) => b.nameZh,
  unitCount: async (b, _, { loaders }) => (await loaders.unitCountOfBatch.load(b.number))?.count ?? 0,
};
