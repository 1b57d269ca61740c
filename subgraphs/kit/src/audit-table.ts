/**
 * The audit log's table, the same in every subgraph's database; the kit's own migrations (kit/drizzle/)
 * create it, and a trigger there refuses updates and deletes. drizzle-kit reads this file on its own.
 */
import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actor: text('actor').notNull(),
    role: text('role').notNull(),
    /** The unit, vendor or carrier the caller acted for, as `unit:<id>`. */
    tenant: text('tenant'),
    operation: text('operation').notNull(),
    arguments: jsonb('arguments').notNull(),
    outcome: text('outcome', { enum: ['ALLOWED', 'REFUSED', 'FAILED'] }).notNull(),
    code: text('code'),
    message: text('message'),
    /** The id of the record the change created or touched, when it answers with one. */
    subject: text('subject'),
    /** The request's id (x-request-id, kit/requests.ts): the same in the gateway's and every subgraph's log lines. */
    requestId: text('request_id'),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_actor').on(t.actor), index('audit_log_request_id').on(t.requestId)],
);
