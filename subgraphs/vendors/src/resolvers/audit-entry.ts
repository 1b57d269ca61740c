import { auditEntryFields } from '@cq/kit/audit';
import type { AuditEntryResolvers } from '../generated/resolvers.ts';

export const AuditEntry: AuditEntryResolvers = auditEntryFields('vendors');
