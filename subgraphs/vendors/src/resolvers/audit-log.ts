import { auditPage } from '../data/queries.ts';
import type { AuditLogResolvers } from '../generated/resolvers.ts';

/** The one audit log (`programme`); this subgraph answers for the entries of its own mutations. */
export const AuditLog: AuditLogResolvers = {
  __resolveReference: (ref) => (ref.id === 'programme' ? { id: ref.id } : null),
  vendors: (_, { filter, first, after }, { db }) => auditPage(db, filter, { first, after }),
};
