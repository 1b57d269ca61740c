import { auditEntries } from '@cq/kit/audit';
import type { AuditLogResolvers } from '../generated/resolvers.ts';

/** The one audit log (`programme`); this subgraph answers for the entries of its own mutations. */
export const AuditLog: AuditLogResolvers = {
  __resolveReference: (ref) => (ref.id === 'programme' ? { id: 'programme' } : null),
  units: (_, { filter, first, after }, { db }) => auditEntries(db, filter, { first, after }),
};
