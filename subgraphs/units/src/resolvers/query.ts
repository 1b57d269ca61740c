import { parseAsOf } from '@cq/kit/time';
import { budgetLinePage, systemPage, unitPage } from '../data/queries.ts';
import { budgetCompliance, extensionRequestsAt, monthlyBatchProgress, overdueSystems, progressReport } from '../data/reports.ts';
import { readableSystem, readableUnit } from '../domain/policy.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

// The schema says which roles may ask each field (the kit enforces it); the policy says which rows they see.
export const Query: QueryResolvers = {
  unit: async (_, { id }, ctx) => readableUnit(ctx, await ctx.loaders.unit.load(id)),
  units: (_, args, { db, viewer }) => unitPage(db, viewer, args),
  system: async (_, { id }, ctx) => readableSystem(ctx, await ctx.loaders.system.load(id)),
  systems: (_, args, ctx) => systemPage(ctx, args),
  budgetLines: (_, args, { db, viewer, moment }) => budgetLinePage(db, viewer, moment, args),
  batches: async (_, __, { db }) => await db.query.batches.findMany({ orderBy: (b, { asc }) => asc(b.number) }),
  liaisons: async (_, __, { db }) => await db.query.liaisons.findMany({ orderBy: (l, { asc }) => asc(l.id), limit: 100 }),
  progressReport: (_, { groupBy, asOf }, { db, now }) => progressReport(db, groupBy, parseAsOf(asOf, now)),
  monthlyBatchProgress: (_, { from, to }, { db }) => monthlyBatchProgress(db, from ?? undefined, to ?? undefined),
  overdueSystems: (_, { asOf, ...args }, { db, viewer, now }) => overdueSystems(db, viewer, parseAsOf(asOf, now), args),
  extensionRequests: (_, { asOf, ...args }, { db, viewer, now }) => extensionRequestsAt(db, viewer, parseAsOf(asOf, now), args),
  budgetCompliance: (_, { asOf, ...args }, { db, now }) => budgetCompliance(db, parseAsOf(asOf, now), args),
  auditLog: () => ({ id: 'programme' }),
};
