import { loaded } from '@cq/kit/loaders';
import type { BudgetComplianceRowResolvers } from '../generated/resolvers.ts';

export const BudgetComplianceRow: BudgetComplianceRowResolvers = {
  unit: async (r, _, { loaders }) => loaded(await loaders.unit.load(r.unitId), 'unit', r.unitId),
  compliant: (r) => r.nonCompliantLines === 0,
};
