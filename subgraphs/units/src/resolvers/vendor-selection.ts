import { iso } from '@cq/kit/time';
import type { VendorSelectionResolvers } from '../generated/resolvers.ts';

export const VendorSelection: VendorSelectionResolvers = {
  vendor: (v) => ({ id: v.vendorId }),
  cloudServices: (v) => v.cloudServiceIds.map((id) => ({ id })),
  at: (v) => iso(v.at),
};
