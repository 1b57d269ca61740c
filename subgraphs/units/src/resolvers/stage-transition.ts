import type { StageTransitionResolvers } from '../generated/resolvers.ts';

export const StageTransition: StageTransitionResolvers = {
  from: (t) => t.fromStage,
  to: (t) => t.toStage,
};
