import { loaded } from '@cq/kit/loaders';
import type { Context } from '../context.ts';
import { mayReadCircuitsOfUnit, mayReadTelecomBillOfUnit, showsCircuit } from '../domain/policy.ts';
import { chargeFor, totalOf } from '../domain/rules.ts';
import type { UnitResolvers } from '../generated/resolvers.ts';
import type { UnitModel } from '../mappers.ts';

/** The unit's circuits the caller may see: refused for a unit out of its scope, a carrier's own only. */
async function circuitsOf(unit: UnitModel, ctx: Context) {
  await mayReadCircuitsOfUnit(ctx, unit.id);
  return (await ctx.loaders.circuitsOfUnit.load(unit.id)).filter((c) => showsCircuit(ctx.viewer, c));
}

/** Each circuit's charge for a unit; its kind and whether it is migrating come from the units subgraph (@requires). */
async function chargesOf(unit: UnitModel, ctx: Context) {
  const circuits = await circuitsOf(unit, ctx);
  const tariffs = await Promise.all(circuits.map((c) => ctx.loaders.tariff.load(c.tariffId)));
  return circuits.map((c, i) => chargeFor(c, loaded(tariffs[i], 'tariff', c.tariffId), unit, ctx.now));
}

export const Unit: UnitResolvers = {
  circuits: (u, _, ctx) => circuitsOf(u, ctx),
  circuitCharges: (u, _, ctx) => chargesOf(u, ctx),
  telecomMonthlyCostCny: async (u, _, ctx) => {
    await mayReadTelecomBillOfUnit(ctx, u.id);
    return totalOf(await chargesOf(u, ctx));
  },
};
