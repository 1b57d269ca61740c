import { iso } from '@cq/kit/time';
import type { ReclassificationDecisionResolvers } from '../generated/resolvers.ts';

export const ReclassificationDecision: ReclassificationDecisionResolvers = {
  decidedAt: (d) => iso(d.decidedAt),
};
