import type { VendorSelectionResolvers } from '../generated/resolvers.ts';

export const VendorSelection: VendorSelectionResolvers = {
  vendor: (v) => ({ id: v.vendorId }),
  cloudServices: (v) => v.cloudServiceIds.map((id) => ({ id })),
};
