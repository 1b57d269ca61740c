import { iso } from '@cq/kit/time';
import type { AssessmentResolvers } from '../generated/resolvers.ts';

export const Assessment: AssessmentResolvers = {
  at: (a) => iso(a.at),
};
