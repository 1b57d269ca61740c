import { loaded } from '@cq/kit/loaders';
import type { ContractLineResolvers } from '../generated/resolvers.ts';

export const ContractLine: ContractLineResolvers = {
  service: async (l, _, { loaders }) => loaded(await loaders.cloudService.load(l.cloudServiceId), 'catalogue service', l.cloudServiceId),
  system: (l) => (l.systemId ? { id: l.systemId } : null),
};
