import { iso } from '@cq/kit/time';
import type { ExtensionWithdrawalResolvers } from '../generated/resolvers.ts';

export const ExtensionWithdrawal: ExtensionWithdrawalResolvers = {
  withdrawnAt: (w) => iso(w.withdrawnAt),
};
