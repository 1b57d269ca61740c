/**
 * The audit log: every mutation a subgraph is asked to run, allowed or refused, with who asked, in which
 * role, what, when and the outcome. Each subgraph keeps its own, in its own database, in the one table
 * the kit's migrations create (kit/drizzle/); the table refuses updates and deletes, so the log only grows.
 * An allowed change and its entry commit together; a refused one is rolled back and its entry written after.
 */
import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { auditLog } from './audit-table.ts';
import { countOf, type Database, selectRows, type Transaction } from './database.ts';
import { databaseRefusal, outcomeOf } from './errors.ts';
import { checkDeclarations, type EventDeclarations } from './event-declarations.ts';
import type { NewEvent } from './events.ts';
import type { Viewer } from './identity.ts';
import type { Logger } from './log.ts';
import { recordEvents } from './outbox.ts';
import { type Connection, encodeCursor, type PageArgs, pageWindow } from './paging.ts';

export type AuditEntry = typeof auditLog.$inferSelect;
export type AuditOutcome = AuditEntry['outcome'];

const tenantOf = (viewer: Viewer) =>
  viewer.unitId
    ? `unit:${viewer.unitId}`
    : viewer.vendorId
      ? `vendor:${viewer.vendorId}`
      : viewer.carrierId
        ? `carrier:${viewer.carrierId}`
        : null;

interface AuditContext {
  db: Database<Record<string, unknown>>;
  viewer: Viewer;
  now: Date;
  /** The request's id, recorded with the entry (none for a mutation run in process, without HTTP). */
  requestId?: string;
}

/**
 * Wraps every mutation so that it runs in one transaction with its audit entry and its events (the
 * outbox, outbox.ts). The mutation sees the transaction as its database (its own `transaction()` becomes a
 * savepoint); when it throws, the transaction is rolled back and the refusal is recorded on its own, with
 * its event when the subgraph tells of such a refusal.
 */
export function auditMutations(schema: GraphQLSchema, logger: Logger, events: EventDeclarations): void {
  const mutation = schema.getMutationType();
  checkDeclarations(Object.keys(mutation?.getFields() ?? {}), events);
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    const eventsOf = events.changes[field.name] ?? (() => []);
    const resolve: GraphQLFieldResolver<unknown, AuditContext> = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, context, info) => {
      const entry = {
        at: context.now,
        actor: context.viewer.id,
        role: context.viewer.role,
        tenant: tenantOf(context.viewer),
        operation: field.name,
        arguments: args,
        requestId: context.requestId ?? null,
      };
      const origin = { at: context.now, actor: context.viewer.id, requestId: context.requestId };
      try {
        return await context.db.transaction(async (tx: Transaction<Record<string, unknown>>) => {
          const inTransaction = { ...context, db: tx };
          const result = await resolve(source, args, inTransaction, info);
          const subject = (result as { id?: unknown } | null)?.id;
          await tx.insert(auditLog).values({ ...entry, outcome: 'ALLOWED', subject: subject == null ? null : String(subject) });
          // Last: the outbox's sequence is then locked only while the transaction commits (outbox.ts).
          await recordEvents(tx, await eventsOf({ result, args, ctx: inTransaction as never }), origin);
          return result;
        });
      } catch (error) {
        const { code, message, internal } = outcomeOf(error);
        const outcome = internal ? 'FAILED' : 'REFUSED';
        // The database is not there to record it: trying would only keep the caller waiting (connect timeout).
        if (code === 'DATABASE_UNAVAILABLE') {
          logger.error(
            { requestId: context.requestId, operation: field.name, code },
            `The audit log could not record a ${outcome} ${field.name}: the database is unavailable.`,
          );
          throw error;
        }
        // A refusal the supervisors are told of (a rule of the notice broken) is an event too; working it out
        // must not hide the refusal itself.
        const told: NewEvent | null =
          outcome === 'REFUSED' && events.refusal
            ? await Promise.resolve(events.refusal({ operation: field.name, args, ctx: context as never, code, message })).catch(
                (failure: unknown) => {
                  logger.error(
                    { requestId: context.requestId, operation: field.name, err: failure },
                    'The event of a refusal could not be worked out',
                  );
                  return null;
                },
              )
            : null;
        // The caller learns why the change was refused even when the refusal cannot be recorded (the log says so).
        await context.db
          .transaction(async (tx: Transaction<Record<string, unknown>>) => {
            await tx.insert(auditLog).values({ ...entry, outcome, code, message });
            if (told) await recordEvents(tx, [told], origin);
          })
          .catch((failure: unknown) => {
            // The database gone meanwhile: one line says so; any other failure is logged whole.
            const gone = databaseRefusal(failure)?.code === 'DATABASE_UNAVAILABLE';
            logger.error(
              { requestId: context.requestId, operation: field.name, code, ...(gone ? {} : { err: failure }) },
              `The audit log could not record a ${outcome} ${field.name}${gone ? ': the database is unavailable.' : ''}`,
            );
          });
        throw error;
      }
    };
  }
}

export interface AuditFilter {
  outcome?: AuditOutcome | null;
  actor?: string | null;
  operation?: string | null;
}

/** A page of the audit log, newest first. */
export async function auditEntries(
  db: Database<Record<string, unknown>>,
  filter: AuditFilter | null | undefined,
  page: PageArgs,
): Promise<Connection<AuditEntry>> {
  const window = pageWindow(page);
  const conditions: (SQL | undefined)[] = [
    filter?.outcome ? eq(auditLog.outcome, filter.outcome) : undefined,
    filter?.actor ? eq(auditLog.actor, filter.actor) : undefined,
    filter?.operation ? eq(auditLog.operation, filter.operation) : undefined,
  ];
  const after = window.after?.[0];
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions, after === undefined ? undefined : lt(auditLog.id, Number(after))))
    .orderBy(desc(auditLog.id))
    .limit(window.limit + 1);
  const shown = rows.slice(0, window.limit);
  const last = shown.at(-1);
  return {
    edges: shown.map((node) => ({ cursor: encodeCursor([node.id]), node })),
    pageInfo: { hasNextPage: rows.length > window.limit, endCursor: last ? encodeCursor([last.id]) : null },
    totalCount: async () =>
      countOf(await selectRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log where ${and(...conditions) ?? sql`true`}`)),
  };
}

/** The GraphQL face of an entry: an id unique across subgraphs, the time in ISO 8601, the arguments as JSON text. */
export function auditEntryFields(subgraph: string) {
  return {
    id: (entry: AuditEntry) => `${subgraph}-${entry.id}`,
    subgraph: () => subgraph,
    arguments: (entry: AuditEntry) => JSON.stringify(entry.arguments),
  };
}
