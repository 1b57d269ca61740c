/**
 * The SQL twins of the units' rules give what the TypeScript rules say, for every request at every moment;
 * and the rules that judge other subgraphs' answers judge them as given.
 */
import { selectRows } from '@cq/kit/database';
import { startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { extensionDecisions, extensionRequests } from '../src/data/schema.ts';
import { destinationAllowed, extensionStatus, extensionStatusSql, placedAsPlanned, serviceNotSold } from '../src/domain/rules.ts';
import { createUnitsSubgraph } from '../src/server.ts';

let units: TestSubgraph<Context>;
beforeAll(async () => {
  units = await startTestSubgraph('units', createUnitsSubgraph);
});
afterAll(async () => units?.stop());

describe('the rules of the units subgraph and their SQL twins', () => {
  it('agree on the status of every extension request at every moment (extensionStatus, extensionStatusSql)', async () => {
    // Straight to the database: the rule and its SQL twin are compared, not who may read them.
    const { db } = units.database;
    const requests = await db.select().from(extensionRequests);
    const decisions = new Map((await db.select().from(extensionDecisions)).map((d) => [d.requestId, d]));
    // Every moment a decision was taken, a millisecond before it, and now.
    const moments = [...decisions.values()].flatMap((d) => [new Date(d.decidedAt.getTime() - 1), d.decidedAt]).concat(new Date());
    expect(new Set(requests.map((r) => extensionStatus(decisions.get(r.id) ?? null, new Date())))).toEqual(
      new Set(['PENDING', 'APPROVED', 'REJECTED']),
    );
    for (const at of moments) {
      const rows = await selectRows<{ id: number; status: string }>(
        db,
        sql`select e.id, ${extensionStatusSql({ requestId: sql`d.request_id`, approved: sql`d.approved`, decidedAt: sql`d.decided_at` }, sql`${at.toISOString()}::timestamptz`)} as status
            from extension_requests e left join extension_decisions d on d.request_id = e.id order by e.id`,
      );
      const byRule = requests
        .map((r) => ({ id: r.id, status: extensionStatus(decisions.get(r.id) ?? null, at) }))
        .sort((a, b) => a.id - b.id);
      expect(
        rows.map((r) => ({ id: Number(r.id), status: r.status })),
        at.toISOString(),
      ).toEqual(byRule);
    }
  });
});

describe("the rules that judge another subgraph's answer", () => {
  it('sends a unit with administrative-approval functions only to a government kind of data centre, whatever its id (destinationAllowed, §4)', () => {
    const approving = { hasAdministrativeApproval: true };
    const other = { hasAdministrativeApproval: false };
    expect(destinationAllowed(approving, 'TRANSITIONAL_GOVERNMENT_DATA_CENTER')).toBe(true);
    expect(destinationAllowed(approving, 'GOVERNMENT_CLOUD_PLATFORM')).toBe(true);
    expect(destinationAllowed(approving, 'PARK_DATA_CENTER')).toBe(false);
    // A kind the rule does not know is not a government one.
    expect(destinationAllowed(approving, 'SOME_NEW_KIND')).toBe(false);
    expect(destinationAllowed(other, 'PARK_DATA_CENTER')).toBe(true);
  });

  it("finds the first service a provider does not sell: unknown, or another provider's (serviceNotSold, §3.2)", () => {
    const vm = { id: 'jialing-vm', vendorId: 'sample-jialing-cloud' };
    const unknown = { id: 'no-such-service', vendorId: null };
    const theirs = { id: 'yangtze-hosting', vendorId: 'sample-yangtze-cloud' };
    expect(serviceNotSold('sample-jialing-cloud', [vm])).toBeNull();
    expect(serviceNotSold('sample-jialing-cloud', [vm, unknown, theirs])).toBe(unknown);
    expect(serviceNotSold('sample-jialing-cloud', [vm, theirs])).toBe(theirs);
  });

  it('counts a system centralised only when placed in the data centre its plan names (placedAsPlanned, §2.2, §3.3)', () => {
    expect(placedAsPlanned('government-cloud-platform', 'government-cloud-platform')).toBe(true);
    expect(placedAsPlanned('government-cloud-platform', 'sample-jialing-data-center')).toBe(false);
    expect(placedAsPlanned('government-cloud-platform', null)).toBe(false);
  });
});
