import { loaded } from '@cq/kit/loaders';
import { sumCny } from '@cq/kit/money';
import type { ContractResolvers } from '../generated/resolvers.ts';

export const Contract: ContractResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.contract.load(ref.id),
  unit: (c) => ({ id: c.unitId }),
  vendor: async (c, _, { loaders }) => loaded(await loaders.vendor.load(c.vendorId), 'provider', c.vendorId),
  lines: (c, _, { loaders }) => loaders.linesOfContract.load(c.id),
  monthlyAmountCny: async (c, _, { loaders }) => sumCny((await loaders.linesOfContract.load(c.id)).map((l) => l.monthlyAmountCny)),
};
