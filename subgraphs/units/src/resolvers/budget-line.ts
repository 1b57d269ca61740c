import { loaded } from '@cq/kit/loaders';
import { iso } from '@cq/kit/time';
import { nonComplianceReason } from '../domain/rules.ts';
import type { BudgetLineResolvers } from '../generated/resolvers.ts';

export const BudgetLine: BudgetLineResolvers = {
  id: (l) => String(l.id),
  unit: async (l, _, { loaders }) => loaded(await loaders.unit.load(l.unitId), 'unit', l.unitId),
  compliant: (l) => nonComplianceReason(l.category) === null,
  nonComplianceReason: (l) => nonComplianceReason(l.category),
  recordedAt: (l) => iso(l.recordedAt),
};
