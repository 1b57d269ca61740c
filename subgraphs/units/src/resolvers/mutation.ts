import * as commands from '../domain/commands.ts';
import * as corrections from '../domain/corrections.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  createUnit: (_, { input }, ctx) => commands.createUnit(ctx, input),
  createSystem: (_, { input }, ctx) => commands.createSystem(ctx, input),
  addDependency: (_, { input }, ctx) => commands.addDependency(ctx, input),
  assessSystem: (_, { input }, ctx) => commands.assessSystem(ctx, input),
  selectVendor: (_, { input }, ctx) => commands.selectVendor(ctx, input),
  approveMigrationPlan: (_, { input }, ctx) => commands.approveMigrationPlan(ctx, input),
  startMigration: (_, { input }, ctx) => commands.startMigration(ctx, input),
  markCentralised: (_, { input }, ctx) => commands.markCentralised(ctx, input),
  markIntegrated: (_, { input }, ctx) => commands.markIntegrated(ctx, input),
  requestExtension: (_, { input }, ctx) => commands.requestExtension(ctx, input),
  decideExtension: (_, { input }, ctx) => commands.decideExtension(ctx, input),
  addBudgetLine: (_, { input }, ctx) => commands.addBudgetLine(ctx, input),
  correctUnit: (_, { input }, ctx) => corrections.correctUnit(ctx, input),
  correctSystemHosting: (_, { input }, ctx) => corrections.correctSystemHosting(ctx, input),
  requestReclassification: (_, { input }, ctx) => corrections.requestReclassification(ctx, input),
  decideReclassification: (_, { input }, ctx) => corrections.decideReclassification(ctx, input),
  replanMigration: (_, { input }, ctx) => corrections.replanMigration(ctx, input),
  changeProvider: (_, { input }, ctx) => corrections.changeProvider(ctx, input),
  retireSystem: (_, { input }, ctx) => corrections.retireSystem(ctx, input),
  withdrawExtensionRequest: (_, { input }, ctx) => corrections.withdrawExtensionRequest(ctx, input),
};
