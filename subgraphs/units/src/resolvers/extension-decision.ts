import { iso } from '@cq/kit/time';
import type { ExtensionDecisionResolvers } from '../generated/resolvers.ts';

export const ExtensionDecision: ExtensionDecisionResolvers = {
  decidedAt: (d) => iso(d.decidedAt),
};
