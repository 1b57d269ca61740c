import * as commands from '../domain/commands.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  createTariff: (_, { input }, ctx) => commands.createTariff(ctx, input),
  createCircuit: (_, { input }, ctx) => commands.createCircuit(ctx, input),
  advanceCircuit: (_, { input }, ctx) => commands.advanceCircuit(ctx, input),
};
