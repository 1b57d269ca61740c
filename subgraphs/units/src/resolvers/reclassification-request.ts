import { loaded } from '@cq/kit/loaders';
import type { ReclassificationRequestResolvers } from '../generated/resolvers.ts';

export const ReclassificationRequest: ReclassificationRequestResolvers = {
  id: (r) => String(r.id),
  system: async (r, _, { loaders }) => loaded(await loaders.system.load(r.systemId), 'information system', r.systemId),
  from: (r) => r.fromClassification,
  to: (r) => r.toClassification,
  status: async (r, _, { loaders }) => {
    const decision = await loaders.reclassificationDecision.load(r.id);
    if (!decision) return 'PENDING';
    return decision.approved ? 'APPROVED' : 'REJECTED';
  },
  decision: (r, _, { loaders }) => loaders.reclassificationDecision.load(r.id),
};
