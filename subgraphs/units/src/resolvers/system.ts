import { iso, parseAsOf } from '@cq/kit';
import type { Resolvers } from '../generated/resolvers.ts';
import { monthlyCost } from './cost.ts';

export const system: Pick<Resolvers, 'InformationSystem' | 'StageTransition' | 'Assessment' | 'VendorSelection' | 'MigrationPlan' | 'Vendor'> = {
  Vendor: {
    systemsInMigration: async (v, _, { loaders }) => (await loaders.systemsInMigrationOfVendor.load(v.id)).map((r) => r.system),
  },
  InformationSystem: {
    // The reference may carry fields other subgraphs resolved (@requires); keep them beside the row.
    __resolveReference: async (ref, { loaders }) => {
      const row = await loaders.system.load(ref.id);
      return row && { ...ref, ...row };
    },
    // Circuits serve the whole unit: a system's cost has no communication part.
    monthlyCost: (s) => monthlyCost(s.cloudMonthlyCostCny, s.parkMonthlyCostCny),
    name: (s) => s.nameEn,
    officialName: (s) => s.nameZh,
    unit: async (s, _, { loaders }) => (await loaders.unit.load(s.unitId))!,
    // Now is the row's own stage; any other moment is read from the history.
    stage: async (s, { asOf }, { loaders, now }) => (asOf == null ? s.stage : ((await loaders.systemAt.load({ id: s.id, at: parseAsOf(asOf, now) }))?.stage ?? null)),
    isExempt: (s) => s.classification === 'CLASSIFIED',
    vendor: async (s, _, { loaders }) => {
      const selection = await loaders.vendorSelection.load(s.id);
      return selection ? { id: selection.vendorId } : null;
    },
    dueDate: async (s, { asOf }, { loaders, now }) =>
      s.classification === 'CLASSIFIED' ? null : ((await loaders.systemAt.load({ id: s.id, at: parseAsOf(asOf, now) }))?.dueDate ?? null),
    isOverdue: async (s, { asOf }, { loaders, now }) => (await loaders.systemAt.load({ id: s.id, at: parseAsOf(asOf, now) }))?.overdue ?? false,
    history: (s, _, { loaders }) => loaders.historyOfSystem.load(s.id),
    assessment: (s, _, { loaders }) => loaders.assessment.load(s.id),
    vendorSelection: (s, _, { loaders }) => loaders.vendorSelection.load(s.id),
    migrationPlan: (s, _, { loaders }) => loaders.migrationPlan.load(s.id),
    dependencies: async (s, _, { loaders }) => (await loaders.dependenciesOf.load(s.id)).map((r) => r.system),
    dependents: async (s, _, { loaders }) => (await loaders.dependentsOf.load(s.id)).map((r) => r.system),
    scheduleWarnings: async (s, _, { loaders }) => {
      const dependencies = (await loaders.dependenciesOf.load(s.id)).map((r) => r.system);
      const [own, ...others] = await Promise.all([s.unitId, ...dependencies.map((d) => d.unitId)].map((id) => loaders.unit.load(id)));
      return dependencies.flatMap((dependsOn, i) => {
        const later = others[i]!.batchNumber;
        if (later <= own!.batchNumber) return [];
        return [{ dependsOn, message: `${s.id} is scheduled in batch ${own!.batchNumber} but depends on ${dependsOn.id}, scheduled in batch ${later}: it may move before what it needs.` }];
      });
    },
  },
  StageTransition: {
    from: (t) => t.fromStage,
    to: (t) => t.toStage,
    at: (t) => iso(t.at),
  },
  Assessment: {
    at: (a) => iso(a.at),
  },
  VendorSelection: {
    vendor: (v) => ({ id: v.vendorId }),
    cloudServices: (v) => v.cloudServiceIds.map((id) => ({ id })),
    at: (v) => iso(v.at),
  },
  MigrationPlan: {
    destination: (p) => ({ id: p.destinationDataCenterId }),
    writtenWith: (p) => ({ id: p.writtenWithVendorId }),
    at: (p) => iso(p.at),
  },
};
