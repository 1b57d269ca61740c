/**
 * Who may read and change what in the notifications subgraph. A role reads the notifications it receives
 * and marks them read for itself alone.
 *
 * | role | reads | changes |
 * | --- | --- | --- |
 * | joint-conference | every notification | runDailyChecks, its own read marks |
 * | coordinator | the kinds it receives (kinds.ts) about the units of its subtree (§6.2, units is asked) | its own read marks |
 * | unit-officer | the kinds it receives about its own unit | its own read marks |
 * | vendor | its own stale tasks | its own read marks |
 * | finance | budget-rule breaches and overdue systems | its own read marks |
 * | analyst, park operator, carrier, anonymous | nothing (the schema refuses them) | nothing |
 * | service | everything (the kit's internal role for other subgraphs) | nothing |
 *
 * The schema declares who may use each field; the rows each role receives are scoped here, in one SQL
 * condition, each rule stated once.
 */
import { coordinatedUnits } from '@cq/kit/services';
import { type SQL, sql } from 'drizzle-orm';
import type { Context } from '../context.ts';
import { notifications } from '../data/schema.ts';

/** Root fields anyone may use, signed in or not: none. */
export const PUBLIC_FIELDS = [] as const;

const receivedByRole = (role: string) => sql`${role} = any(${notifications.roles})`;

/** The notifications the caller receives, as a condition on `notifications`; a coordinator's subtree is asked of units once. */
export async function receivedBy({ viewer, askPeer }: Pick<Context, 'viewer' | 'askPeer'>): Promise<SQL> {
  switch (viewer.role) {
    case 'service':
      return sql`true`;
    case 'joint-conference':
    case 'finance':
      return receivedByRole(viewer.role);
    case 'unit-officer':
      return viewer.unitId ? sql`${receivedByRole(viewer.role)} and ${notifications.unitId} = ${viewer.unitId}` : sql`false`;
    case 'vendor':
      return viewer.vendorId ? sql`${receivedByRole(viewer.role)} and ${notifications.vendorId} = ${viewer.vendorId}` : sql`false`;
    case 'coordinator': {
      if (!viewer.unitId) return sql`false`;
      const subtree = await coordinatedUnits(askPeer, viewer.unitId);
      return sql`${receivedByRole(viewer.role)} and ${notifications.unitId} = any(${sql.param([...subtree])}::text[])`;
    }
    default:
      return sql`false`;
  }
}
