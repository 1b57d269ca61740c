import { iso } from '@cq/kit';
import type { Resolvers } from '../generated/resolvers.ts';
import { nonComplianceReason, UNIT_KIND_NAMES } from '../rules.ts';

export const reportTypes: Pick<
  Resolvers,
  'ProgressReport' | 'ProgressGroup' | 'MonthlyBatchProgress' | 'OverdueSystem' | 'ExtensionRequest' | 'ExtensionDecision' | 'BudgetLine' | 'BudgetComplianceRow'
> = {
  ProgressReport: {
    asOf: (r) => iso(r.asOf),
  },
  ProgressGroup: {
    label: async (g, _, { loaders }) => {
      if (g.grouping === 'BATCH') return (await loaders.batch.load(Number(g.key)))?.nameEn ?? g.key;
      if (g.grouping === 'COORDINATING_UNIT') return (await loaders.unit.load(g.key))?.nameEn ?? g.key;
      return UNIT_KIND_NAMES[g.key as keyof typeof UNIT_KIND_NAMES] ?? g.key;
    },
    batch: (g, _, { loaders }) => (g.grouping === 'BATCH' ? loaders.batch.load(Number(g.key)) : null),
    coordinatingUnit: (g, _, { loaders }) => (g.grouping === 'COORDINATING_UNIT' ? loaders.unit.load(g.key) : null),
    unitKind: (g) => (g.grouping === 'UNIT_KIND' ? (g.key as never) : null),
  },
  MonthlyBatchProgress: {
    asOf: (m) => iso(m.asOf),
    batch: async (m, _, { loaders }) => (await loaders.batch.load(m.batchNumber))!,
  },
  OverdueSystem: {
    system: async (o, _, { loaders }) => (await loaders.system.load(o.systemId))!,
  },
  ExtensionRequest: {
    id: (r) => String(r.id),
    unit: async (r, _, { loaders }) => (await loaders.unit.load(r.unitId))!,
    requestedAt: (r) => iso(r.requestedAt),
    // A decision counts from the moment it was taken: seen as of an earlier moment, the request was pending.
    decision: async (r, _, { loaders, now }) => {
      const decision = await loaders.extensionDecision.load(r.id);
      return decision && decision.decidedAt <= (r.asOf ?? now) ? decision : null;
    },
    status: async (r, _, { loaders, now }) => {
      const decision = await loaders.extensionDecision.load(r.id);
      if (!decision || decision.decidedAt > (r.asOf ?? now)) return 'PENDING';
      return decision.approved ? 'APPROVED' : 'REJECTED';
    },
  },
  ExtensionDecision: {
    decidedAt: (d) => iso(d.decidedAt),
  },
  BudgetLine: {
    id: (l) => String(l.id),
    unit: async (l, _, { loaders }) => (await loaders.unit.load(l.unitId))!,
    compliant: (l) => nonComplianceReason(l.category) === null,
    nonComplianceReason: (l) => nonComplianceReason(l.category),
    recordedAt: (l) => iso(l.recordedAt),
  },
  BudgetComplianceRow: {
    unit: async (r, _, { loaders }) => (await loaders.unit.load(r.unitId))!,
    compliant: (r) => r.nonCompliantLines === 0,
  },
};
