import * as commands from '../domain/commands.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  createDataCenter: (_, { input }, ctx) => commands.createDataCenter(ctx, input),
  updateDataCenter: (_, { input }, ctx) => commands.updateDataCenter(ctx, input),
  addParkService: (_, { input }, ctx) => commands.addParkService(ctx, input),
  placeSystem: (_, { input }, ctx) => commands.placeSystem(ctx, input),
  removePlacement: (_, { systemId }, ctx) => commands.removePlacement(ctx, systemId),
};
