import { loaded } from '@cq/kit/loaders';
import type { MonthlyBatchProgressResolvers } from '../generated/resolvers.ts';

export const MonthlyBatchProgress: MonthlyBatchProgressResolvers = {
  batch: async (m, _, { loaders }) => loaded(await loaders.batch.load(m.batchNumber), 'batch', m.batchNumber),
};
