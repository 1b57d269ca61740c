import type { MutationResolvers } from '../generated/resolvers.ts';
import * as workflow from '../workflow.ts';

export const mutation: MutationResolvers = {
  createUnit: (_, { input }, ctx) => workflow.createUnit(ctx, input),
  createSystem: (_, { input }, ctx) => workflow.createSystem(ctx, input),
  addDependency: (_, { input }, ctx) => workflow.addDependency(ctx, input),
  assessSystem: (_, { input }, ctx) => workflow.assessSystem(ctx, input),
  selectVendor: (_, { input }, ctx) => workflow.selectVendor(ctx, input),
  approveMigrationPlan: (_, { input }, ctx) => workflow.approveMigrationPlan(ctx, input),
  startMigration: (_, { input }, ctx) => workflow.startMigration(ctx, input),
  markCentralised: (_, { input }, ctx) => workflow.markCentralised(ctx, input),
  markIntegrated: (_, { input }, ctx) => workflow.markIntegrated(ctx, input),
  requestExtension: (_, { input }, ctx) => workflow.requestExtension(ctx, input),
  decideExtension: (_, { input }, ctx) => workflow.decideExtension(ctx, input),
  addBudgetLine: (_, { input }, ctx) => workflow.addBudgetLine(ctx, input),
};
