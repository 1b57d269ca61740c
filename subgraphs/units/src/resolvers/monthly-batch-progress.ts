import { loaded } from '@cq/kit/loaders';
import { iso } from '@cq/kit/time';
import type { MonthlyBatchProgressResolvers } from '../generated/resolvers.ts';

export const MonthlyBatchProgress: MonthlyBatchProgressResolvers = {
  asOf: (m) => iso(m.asOf),
  batch: async (m, _, { loaders }) => loaded(await loaders.batch.load(m.batchNumber), 'batch', m.batchNumber),
};
