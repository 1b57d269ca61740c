import { auditEntries } from '@cq/kit/audit';
import type { AuditLogResolvers } from '../generated/resolvers.ts';

/** The one audit log; this subgraph answers with the entries of its own mutations. */
export const AuditLog: AuditLogResolvers = {
  __resolveReference: (ref) => (ref.id === 'programme' ? { id: ref.id } : null),
  park: (_, { filter, first, after }, { db }) => auditEntries(db, filter, { first, after }),
};
