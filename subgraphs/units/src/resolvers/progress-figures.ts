import type { ProgressFiguresResolvers } from '../generated/resolvers.ts';

// The names before counts were named as counts, kept for the clients that still ask them.
export const ProgressFigures: ProgressFiguresResolvers = {
  systems: (f) => f.systemCount,
  exempt: (f) => f.exemptCount,
  centralised: (f) => f.centralisedCount,
  integrated: (f) => f.integratedCount,
  retired: (f) => f.retiredCount,
  overdue: (f) => f.overdueCount,
  pendingExtensions: (f) => f.pendingExtensionCount,
};
