import { iso } from '@cq/kit/time';
import type { ProgressReportResolvers } from '../generated/resolvers.ts';

export const ProgressReport: ProgressReportResolvers = {
  asOf: (r) => iso(r.asOf),
};
