import { loaded } from '@cq/kit/loaders';
import { sumCny } from '@cq/kit/money';
import { dayOfMoment } from '@cq/kit/time';
import { mayReadContract, readScope } from '../domain/policy.ts';
import { contractStatusOn } from '../domain/rules.ts';
import type { ContractResolvers } from '../generated/resolvers.ts';

export const Contract: ContractResolvers = {
  // An entity lookup is scoped like `Query.contract`: out of scope, null with a FORBIDDEN error.
  __resolveReference: async (ref, ctx) => {
    const scope = await readScope(ctx);
    const contract = await ctx.loaders.contract.load(ref.id);
    return contract && mayReadContract(ctx.viewer, scope, contract);
  },
  unit: (c) => ({ id: c.unitId }),
  vendor: async (c, _, { loaders }) => loaded(await loaders.vendor.load(c.vendorId), 'provider', c.vendorId),
  // As it stood on the day of the request's moment.
  status: (c, _, { now }) => contractStatusOn(c, dayOfMoment(now)),
  lines: (c, _, { loaders }) => loaders.linesOfContract.load(c.id),
  monthlyAmountCny: async (c, _, { loaders }) => sumCny((await loaders.linesOfContract.load(c.id)).map((l) => l.monthlyAmountCny)),
};
