import { iso } from '@cq/kit/time';
import type { MigrationPlanResolvers } from '../generated/resolvers.ts';

export const MigrationPlan: MigrationPlanResolvers = {
  destination: (p) => ({ id: p.destinationDataCenterId }),
  writtenWith: (p) => ({ id: p.writtenWithVendorId }),
  at: (p) => iso(p.at),
};
