import { parseAsOf } from '@cq/kit/time';
import { systemPage, unitPage } from '../data/queries.ts';
import { budgetCompliance, extensionRequestsAt, monthlyBatchProgress, overdueSystems, progressReport } from '../data/reports.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  unit: (_, { id }, { loaders }) => loaders.unit.load(id),
  units: (_, args, { db }) => unitPage(db, args),
  system: (_, { id }, { loaders }) => loaders.system.load(id),
  systems: (_, args, { db }) => systemPage(db, args),
  batches: async (_, __, { db }) => await db.query.batches.findMany({ orderBy: (b, { asc }) => asc(b.number) }),
  liaisons: async (_, __, { db }) => await db.query.liaisons.findMany({ orderBy: (l, { asc }) => asc(l.id), limit: 100 }),
  progressReport: (_, { groupBy, asOf }, { db, now }) => progressReport(db, groupBy, parseAsOf(asOf, now)),
  monthlyBatchProgress: (_, { from, to }, { db }) => monthlyBatchProgress(db, from ?? undefined, to ?? undefined),
  overdueSystems: (_, { asOf, ...args }, { db, now }) => overdueSystems(db, parseAsOf(asOf, now), args),
  extensionRequests: (_, { asOf, ...args }, { db, now }) => extensionRequestsAt(db, parseAsOf(asOf, now), args),
  budgetCompliance: (_, { asOf, ...args }, { db, now }) => budgetCompliance(db, parseAsOf(asOf, now), args),
};
