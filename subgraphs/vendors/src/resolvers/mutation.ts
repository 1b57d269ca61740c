import * as commands from '../domain/commands.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  createCloudService: (_, { input }, ctx) => commands.createCloudService(ctx, input),
  updateCloudService: (_, { input }, ctx) => commands.updateCloudService(ctx, input),
  createContract: (_, { input }, ctx) => commands.createContract(ctx, input),
  setContractStatus: (_, { input }, ctx) => commands.setContractStatus(ctx, input),
  reportTaskProgress: (_, { input }, ctx) => commands.reportTaskProgress(ctx, input),
};
