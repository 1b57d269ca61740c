import { loaded } from '@cq/kit/loaders';
import type { OverdueSystemResolvers } from '../generated/resolvers.ts';

export const OverdueSystem: OverdueSystemResolvers = {
  system: async (o, _, { loaders }) => loaded(await loaders.system.load(o.systemId), 'information system', o.systemId),
};
