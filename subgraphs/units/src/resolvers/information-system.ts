import { loaded } from '@cq/kit/loaders';
import { parseAsOf } from '@cq/kit/time';
import { monthlyCost } from '../domain/cost.ts';
import { isExempt, scheduleWarning } from '../domain/rules.ts';
import type { InformationSystemResolvers } from '../generated/resolvers.ts';

export const InformationSystem: InformationSystemResolvers = {
  // The reference may carry fields other subgraphs resolved (@requires); keep them beside the row.
  __resolveReference: async (ref, { loaders }) => {
    const row = await loaders.system.load(ref.id);
    return row && { ...ref, ...row };
  },
  // Circuits serve the whole unit: a system's cost has no communication part.
  monthlyCost: (s) => monthlyCost(s.cloudMonthlyCostCny, s.parkMonthlyCostCny),
  name: (s) => s.nameEn,
  officialName: (s) => s.nameZh,
  unit: async (s, _, { loaders }) => loaded(await loaders.unit.load(s.unitId), 'unit', s.unitId),
  // Now is the row's own stage; any other moment is read from the history.
  stage: async (s, { asOf }, { loaders, now }) =>
    asOf == null ? s.stage : ((await loaders.systemAt.load({ id: s.id, at: parseAsOf(asOf, now) }))?.stage ?? null),
  isExempt: (s) => isExempt(s),
  vendor: async (s, _, { loaders }) => {
    const selection = await loaders.vendorSelection.load(s.id);
    return selection ? { id: selection.vendorId } : null;
  },
  dueDate: async (s, { asOf }, { loaders, now }) =>
    isExempt(s) ? null : ((await loaders.systemAt.load({ id: s.id, at: parseAsOf(asOf, now) }))?.dueDate ?? null),
  isOverdue: async (s, { asOf }, { loaders, now }) =>
    (await loaders.systemAt.load({ id: s.id, at: parseAsOf(asOf, now) }))?.overdue ?? false,
  history: (s, _, { loaders }) => loaders.historyOfSystem.load(s.id),
  assessment: (s, _, { loaders }) => loaders.assessment.load(s.id),
  vendorSelection: (s, _, { loaders }) => loaders.vendorSelection.load(s.id),
  migrationPlan: (s, _, { loaders }) => loaders.migrationPlan.load(s.id),
  dependencies: async (s, _, { loaders }) => (await loaders.dependenciesOf.load(s.id)).map((r) => r.system),
  dependents: async (s, _, { loaders }) => (await loaders.dependentsOf.load(s.id)).map((r) => r.system),
  scheduleWarnings: async (s, _, { loaders }) => {
    const dependencies = (await loaders.dependenciesOf.load(s.id)).map((r) => r.system);
    const [own, ...others] = await Promise.all([s.unitId, ...dependencies.map((d) => d.unitId)].map((id) => loaders.unit.load(id)));
    const system = { id: s.id, batch: loaded(own, 'unit', s.unitId).batchNumber };
    return dependencies.flatMap((dependsOn, i) => {
      const message = scheduleWarning(system, { id: dependsOn.id, batch: loaded(others[i], 'unit', dependsOn.unitId).batchNumber });
      return message ? [{ dependsOn, message }] : [];
    });
  },
};
