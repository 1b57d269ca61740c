import { loaded } from '@cq/kit/loaders';
import type { Context } from '../context.ts';
import { chargeFor, totalOf } from '../domain/rules.ts';
import type { UnitResolvers } from '../generated/resolvers.ts';
import type { UnitModel } from '../mappers.ts';

/** Each circuit's charge for a unit; its kind and whether it is migrating come from the units subgraph (@requires). */
async function chargesOf(unit: UnitModel, { loaders, now }: Context) {
  const circuits = await loaders.circuitsOfUnit.load(unit.id);
  const tariffs = await Promise.all(circuits.map((c) => loaders.tariff.load(c.tariffId)));
  return circuits.map((c, i) => chargeFor(c, loaded(tariffs[i], 'tariff', c.tariffId), unit, now));
}

export const Unit: UnitResolvers = {
  circuits: (u, _, { loaders }) => loaders.circuitsOfUnit.load(u.id),
  circuitCharges: (u, _, ctx) => chargesOf(u, ctx),
  telecomMonthlyCostCny: async (u, _, ctx) => totalOf(await chargesOf(u, ctx)),
};
