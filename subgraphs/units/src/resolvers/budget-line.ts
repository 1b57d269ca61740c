import { loaded } from '@cq/kit/loaders';
import { nonComplianceReason } from '../domain/rules.ts';
import type { BudgetLineResolvers } from '../generated/resolvers.ts';

export const BudgetLine: BudgetLineResolvers = {
  id: (l) => String(l.id),
  unit: async (l, _, { loaders }) => loaded(await loaders.unit.load(l.unitId), 'unit', l.unitId),
  // §6.2 from the notice's date: whether the line breaks it depends on its category and when it was recorded.
  compliant: (l) => nonComplianceReason(l) === null,
  nonComplianceReason: (l) => nonComplianceReason(l),
};
