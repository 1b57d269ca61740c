import type { MigrationPlanResolvers } from '../generated/resolvers.ts';

export const MigrationPlan: MigrationPlanResolvers = {
  destination: (p) => ({ id: p.destinationDataCenterId }),
  writtenWith: (p) => ({ id: p.writtenWithVendorId }),
};
