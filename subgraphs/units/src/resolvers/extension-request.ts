import { loaded } from '@cq/kit/loaders';
import { extensionStatus } from '../domain/rules.ts';
import type { ExtensionRequestResolvers } from '../generated/resolvers.ts';

export const ExtensionRequest: ExtensionRequestResolvers = {
  id: (r) => String(r.id),
  unit: async (r, _, { loaders }) => loaded(await loaders.unit.load(r.unitId), 'unit', r.unitId),
  // Seen as of an earlier moment than its decision, the request was pending and had no decision.
  decision: async (r, _, { loaders, now }) => {
    const decision = await loaders.extensionDecision.load(r.id);
    return extensionStatus(decision, r.asOf ?? now) === 'PENDING' ? null : decision;
  },
  status: async (r, _, { loaders, now }) => {
    const [decision, withdrawal] = await Promise.all([loaders.extensionDecision.load(r.id), loaders.extensionWithdrawal.load(r.id)]);
    return extensionStatus(decision, r.asOf ?? now, withdrawal);
  },
  // Seen as of an earlier moment than its withdrawal, the request was not withdrawn yet.
  withdrawal: async (r, _, { loaders, now }) => {
    const withdrawal = await loaders.extensionWithdrawal.load(r.id);
    return withdrawal && withdrawal.withdrawnAt <= (r.asOf ?? now) ? withdrawal : null;
  },
};
