import { loaded } from '@cq/kit/loaders';
import type { BudgetComplianceRowResolvers } from '../generated/resolvers.ts';

export const BudgetComplianceRow: BudgetComplianceRowResolvers = {
  unit: async (r, _, { loaders }) => loaded(await loaders.unit.load(r.unitId), 'unit', r.unitId),
  compliant: (r) => r.nonCompliantLineCount === 0,
  // The names before counts were named as counts, kept for the clients that still ask them.
  lines: (r) => r.lineCount,
  nonCompliantLines: (r) => r.nonCompliantLineCount,
};
