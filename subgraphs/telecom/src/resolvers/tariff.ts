import { loaded } from '@cq/kit/loaders';
import { dayOfMoment } from '@cq/kit/time';
import { preferentialValidOn } from '../domain/rules.ts';
import type { TariffResolvers, UnitKind } from '../generated/resolvers.ts';

export const Tariff: TariffResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.tariff.load(ref.id),
  carrier: async (t, _, { loaders }) => loaded(await loaders.carrier.load(t.carrierId), 'carrier', t.carrierId),
  // Stored as text; written only through the UnitKind enum of createTariff's input.
  eligibleUnitKinds: (t) => t.eligibleUnitKinds as UnitKind[],
  isValid: (t, _, { now }) => preferentialValidOn(t, dayOfMoment(now)),
};
