/**
 * The SQL twins of the units' rules give what the TypeScript rules say, for every request at every moment;
 * and the rules that judge other subgraphs' answers judge them as given.
 */
import { readFileSync } from 'node:fs';
import { selectRows } from '@cq/kit/database';
import { startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import {
  budgetCategory,
  budgetLines,
  corrections,
  extensionDecisions,
  extensionRequests,
  extensionWithdrawals,
  informationSystems,
  units as unitsTable,
} from '../src/data/schema.ts';
import {
  type CHANGES,
  changeAllowed,
  classificationAtSql,
  derivedBatch,
  derivedCoordinator,
  derivedVoluntary,
  destinationAllowed,
  extensionStatus,
  extensionStatusSql,
  GOVERNMENT_DEPARTMENT_KINDS,
  governmentDestination,
  hostingWhenCentralised,
  NOTICE_IN_FORCE,
  nonComplianceReason,
  nonCompliantSql,
  overdueSql,
  placedAsPlanned,
  planOutsideWindow,
  serviceNotSold,
  strategyRefusal,
  valueAt,
} from '../src/domain/rules.ts';
import { seedUnits } from '../src/seed/index.ts';
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
    const withdrawals = new Map((await db.select().from(extensionWithdrawals)).map((w) => [w.requestId, w]));
    // Every moment a decision was taken, a millisecond before it, and now.
    const moments = [...decisions.values()].flatMap((d) => [new Date(d.decidedAt.getTime() - 1), d.decidedAt]).concat(new Date());
    expect(new Set(requests.map((r) => extensionStatus(decisions.get(r.id) ?? null, new Date())))).toEqual(
      new Set(['PENDING', 'APPROVED', 'REJECTED']),
    );
    for (const at of moments) {
      const rows = await selectRows<{ id: number; status: string }>(
        db,
        sql`select e.id, ${extensionStatusSql({ requestId: sql`d.request_id`, approved: sql`d.approved`, decidedAt: sql`d.decided_at`, withdrawnAt: sql`w.withdrawn_at` }, sql`${at.toISOString()}::timestamptz`)} as status
            from extension_requests e left join extension_decisions d on d.request_id = e.id
            left join extension_withdrawals w on w.request_id = e.id order by e.id`,
      );
      const byRule = requests
        .map((r) => ({ id: r.id, status: extensionStatus(decisions.get(r.id) ?? null, at, withdrawals.get(r.id) ?? null) }))
        .sort((a, b) => a.id - b.id);
      expect(
        rows.map((r) => ({ id: Number(r.id), status: r.status })),
        at.toISOString(),
      ).toEqual(byRule);
    }
  });
});

describe('budget compliance from the notice on (§6.2): nonComplianceReason and nonCompliantSql', () => {
  it("agree on every seeded line and on every category a millisecond before and at the notice's first instant", async () => {
    const { db } = units.database;
    const seeded = (await db.select().from(budgetLines)).map((l) => ({ category: l.category, recordedAt: l.recordedAt }));
    const boundary = budgetCategory.enumValues.flatMap((category) =>
      [new Date(NOTICE_IN_FORCE.getTime() - 1), NOTICE_IN_FORCE, new Date('2015-07-13T23:59:59+08:00')].map((recordedAt) => ({
        category,
        recordedAt,
      })),
    );
    const lines = [...seeded, ...boundary];
    const rows = await selectRows<{ i: number; flagged: boolean }>(
      db,
      sql`select v.i, ${nonCompliantSql({ category: sql`v.category`, recordedAt: sql`v.recorded_at` })} as flagged
          from (values ${sql.join(
            lines.map((l, i) => sql`(${i}::int, ${l.category}::budget_category, ${l.recordedAt.toISOString()}::timestamptz)`),
            sql`, `,
          )}) v(i, category, recorded_at) order by v.i`,
    );
    expect(rows.map((r) => Boolean(r.flagged))).toEqual(lines.map((l) => nonComplianceReason(l) !== null));
    // Both sides of the line are there: pre-notice hardware (compliant) and post-notice hardware (flagged).
    expect(nonComplianceReason({ category: 'SERVERS', recordedAt: new Date(NOTICE_IN_FORCE.getTime() - 1) })).toBeNull();
    expect(nonComplianceReason({ category: 'SERVERS', recordedAt: NOTICE_IN_FORCE })).toBe(
      '§6.2: budgets may not contain servers; buy cloud services instead.',
    );
    expect(nonComplianceReason({ category: 'CLOUD_SERVICES', recordedAt: NOTICE_IN_FORCE })).toBeNull();
    expect(NOTICE_IN_FORCE.toISOString()).toBe('2015-07-13T16:00:00.000Z');
  });
});

describe('the schedule as deadlines (§5): planOutsideWindow', () => {
  it('lets a plan start any day from the notice and refuses a start before it or a cut-over after the due date', () => {
    expect(planOutsideWindow({ plannedStart: '2015-07-14', plannedCutover: '2016-06-30' }, '2016-06-30')).toBeNull();
    expect(planOutsideWindow({ plannedStart: '2015-08-01', plannedCutover: '2015-09-01' }, '2016-06-30')).toBeNull();
    expect(planOutsideWindow({ plannedStart: '2015-07-13', plannedCutover: '2016-01-31' }, '2016-06-30')).toBe('STARTS_BEFORE_NOTICE');
    expect(planOutsideWindow({ plannedStart: '2016-03-01', plannedCutover: '2016-07-01' }, '2016-06-30')).toBe('CUTS_OVER_LATE');
    // No due date (a unit only encouraged to migrate, §1): no deadline, but still not before the notice.
    expect(planOutsideWindow({ plannedStart: '2016-03-01', plannedCutover: '2019-01-01' }, null)).toBeNull();
    expect(planOutsideWindow({ plannedStart: '2015-01-01', plannedCutover: '2019-01-01' }, null)).toBe('STARTS_BEFORE_NOTICE');
  });
});

describe('who coordinates whom (§6.2) and who is only encouraged (§1)', () => {
  const department = { kind: 'MUNICIPAL_DEPARTMENT', coordinatingUnitId: 'dept', voluntary: false } as const;
  it("derives the coordinator: self, the parent's coordinator (a department for an SOE group under it), the SASAC for a group under no parent", () => {
    expect(derivedCoordinator({ id: 'dept', kind: 'MUNICIPAL_DEPARTMENT', parentId: null }, null)).toBe('dept');
    expect(derivedCoordinator({ id: 'group', kind: 'MUNICIPAL_SOE_GROUP', parentId: 'dept' }, department)).toBe('dept');
    expect(derivedCoordinator({ id: 'group', kind: 'MUNICIPAL_SOE_GROUP', parentId: null }, null)).toBe('sasac');
    expect(derivedCoordinator({ id: 'sub', kind: 'SOE_SUBSIDIARY', parentId: 'group' }, { coordinatingUnitId: 'sasac' })).toBe('sasac');
    // A central SOE's subsidiary takes the coordinator named for its parent.
    expect(derivedCoordinator({ id: 'sub', kind: 'SOE_SUBSIDIARY', parentId: 'central' }, { coordinatingUnitId: 'sasac' })).toBe('sasac');
    expect(derivedCoordinator({ id: 'central', kind: 'CENTRAL_SOE', parentId: null }, null)).toBeNull();
  });

  it('makes every unit below a central agency or SOE voluntary, scheduled with batch 3', () => {
    const flags = { isPilot: false, systemsAlreadyHosted: true, parentId: 'x' };
    expect(derivedVoluntary({ kind: 'CENTRAL_SOE' }, null)).toBe(true);
    expect(derivedVoluntary({ kind: 'SOE_SUBSIDIARY' }, { voluntary: true })).toBe(true);
    expect(derivedVoluntary({ kind: 'SOE_SUBSIDIARY' }, { voluntary: false })).toBe(false);
    expect(derivedVoluntary({ kind: 'PUBLIC_INSTITUTION' }, department)).toBe(false);
    expect(derivedBatch({ kind: 'SOE_SUBSIDIARY', ...flags, voluntary: true })).toBe(3);
    expect(derivedBatch({ kind: 'SOE_SUBSIDIARY', ...flags, voluntary: false })).toBe(1);
  });

  it('holds in the seed: each seeded unit has the coordinator, batch and voluntariness its parent chain gives', () => {
    const units = seedUnits();
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const unit of units) {
      const parent = unit.parentId ? (byId.get(unit.parentId) ?? null) : null;
      expect(unit.voluntary, unit.id).toBe(derivedVoluntary(unit, parent));
      expect(unit.batchNumber, unit.id).toBe(derivedBatch(unit));
      const derived = derivedCoordinator(unit, parent);
      if (derived) expect(unit.coordinatingUnitId, unit.id).toBe(derived);
      // No SOE group under a department is left with the SASAC.
      if (unit.kind === 'MUNICIPAL_SOE_GROUP' && parent?.kind === 'MUNICIPAL_DEPARTMENT') expect(unit.coordinatingUnitId).toBe(parent.id);
    }
    expect(units.filter((u) => u.voluntary).map((u) => u.id)).toEqual(['sample-central-statistics-survey', 'sample-central-power-grid']);
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

  it("sends a government department to the transitional centre before the platform's opening day, to the platform from it (governmentDestination, §4)", () => {
    const opening = { opensOn: '2016-01-01' };
    for (const kind of GOVERNMENT_DEPARTMENT_KINDS) {
      expect(governmentDestination({ kind }, '2015-12-31', opening)).toBe('TRANSITIONAL_GOVERNMENT_DATA_CENTER');
      expect(governmentDestination({ kind }, '2016-01-01', opening)).toBe('GOVERNMENT_CLOUD_PLATFORM');
      expect(governmentDestination({ kind }, '2016-06-30', opening)).toBe('GOVERNMENT_CLOUD_PLATFORM');
      // Open since before the programme: the platform on any day; no platform in the park: not open.
      expect(governmentDestination({ kind }, '2015-08-01', { opensOn: null })).toBe('GOVERNMENT_CLOUD_PLATFORM');
      expect(governmentDestination({ kind }, '2016-06-30', null)).toBe('TRANSITIONAL_GOVERNMENT_DATA_CENTER');
    }
    expect([...GOVERNMENT_DEPARTMENT_KINDS].sort()).toEqual(['AUTONOMOUS_COUNTY', 'COUNTY', 'DISTRICT', 'MUNICIPAL_DEPARTMENT']);
    // SOEs, public institutions and central units are not government departments: this rule does not judge them.
    for (const kind of ['MUNICIPAL_SOE_GROUP', 'SOE_SUBSIDIARY', 'PUBLIC_INSTITUTION', 'CENTRAL_AGENCY', 'CENTRAL_SOE'] as const) {
      expect(governmentDestination({ kind }, '2015-12-31', opening)).toBeNull();
    }
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
    const platform = (since: string) => ({ dataCenterId: 'government-cloud-platform', since });
    expect(placedAsPlanned('government-cloud-platform', platform('2016-03-01'), '2016-03-01')).toBe(true);
    expect(placedAsPlanned('government-cloud-platform', platform('2016-02-01'), '2016-03-01')).toBe(true);
    // Placed from a day still to come: not there yet.
    expect(placedAsPlanned('government-cloud-platform', platform('2016-03-02'), '2016-03-01')).toBe(false);
    expect(
      placedAsPlanned('government-cloud-platform', { dataCenterId: 'sample-jialing-data-center', since: '2016-01-01' }, '2016-03-01'),
    ).toBe(false);
    expect(placedAsPlanned('government-cloud-platform', null, '2016-03-01')).toBe(false);
  });
});

describe('the migration that corrects units registered before the rules of §1 and §6.2 were fixed', () => {
  it('makes the units below a central SOE voluntary in batch 3, and moves an SOE group under a department, with its subsidiaries, to the department', async () => {
    const { db } = units.database;
    const row = { nameEn: 'X', nameZh: '某', isSample: true, voluntary: false };
    const ids = ['mig-central', 'mig-central-sub', 'mig-group', 'mig-group-sub', 'mig-top-group'];
    // As the former rules registered them.
    await db.insert(unitsTable).values([
      { ...row, id: 'mig-central', kind: 'CENTRAL_SOE', coordinatingUnitId: 'sasac', batchNumber: 1, systemsAlreadyHosted: true },
      {
        ...row,
        id: 'mig-central-sub',
        kind: 'SOE_SUBSIDIARY',
        parentId: 'mig-central',
        ownershipStake: 'HOLDING',
        coordinatingUnitId: 'sasac',
        batchNumber: 3,
      },
      { ...row, id: 'mig-group', kind: 'MUNICIPAL_SOE_GROUP', parentId: 'finance-bureau', coordinatingUnitId: 'sasac', batchNumber: 3 },
      {
        ...row,
        id: 'mig-group-sub',
        kind: 'SOE_SUBSIDIARY',
        parentId: 'mig-group',
        ownershipStake: 'MINORITY',
        coordinatingUnitId: 'sasac',
        batchNumber: 3,
      },
      { ...row, id: 'mig-top-group', kind: 'MUNICIPAL_SOE_GROUP', coordinatingUnitId: 'sasac', batchNumber: 2 },
    ]);
    const seeded = await db.select().from(unitsTable).where(sql`${unitsTable.id} not like 'mig-%'`).orderBy(unitsTable.id);
    const statements = readFileSync(new URL('../drizzle/0001_voluntary_units.sql', import.meta.url), 'utf8').split(
      '--> statement-breakpoint',
    );
    // The column exists already; the corrections run again as they ran when the migration was applied.
    for (const statement of statements.slice(1)) await db.execute(sql.raw(statement));
    const after = await db
      .select({
        id: unitsTable.id,
        voluntary: unitsTable.voluntary,
        batch: unitsTable.batchNumber,
        coordinator: unitsTable.coordinatingUnitId,
      })
      .from(unitsTable)
      .where(inArray(unitsTable.id, ids))
      .orderBy(unitsTable.id);
    expect(after).toEqual([
      { id: 'mig-central', voluntary: true, batch: 3, coordinator: 'sasac' },
      { id: 'mig-central-sub', voluntary: true, batch: 3, coordinator: 'sasac' },
      { id: 'mig-group', voluntary: false, batch: 3, coordinator: 'finance-bureau' },
      { id: 'mig-group-sub', voluntary: false, batch: 3, coordinator: 'finance-bureau' },
      { id: 'mig-top-group', voluntary: false, batch: 2, coordinator: 'sasac' },
    ]);
    // The seed already follows the rules: the migration changes none of its units.
    expect(await db.select().from(unitsTable).where(sql`${unitsTable.id} not like 'mig-%'`).orderBy(unitsTable.id)).toEqual(seeded);
  });
});

describe('corrections, end states and withdrawals: the rules and their SQL twins', () => {
  const atSql = (at: Date) => sql`${at.toISOString()}::timestamptz`;

  it('agree on a withdrawn request at every moment: pending before its withdrawal, WITHDRAWN from it on (extensionStatus, extensionStatusSql, §6.4)', async () => {
    const { db } = units.database;
    const pending = (await db.select().from(extensionRequests)).filter((r) => r.unitId === 'kai-county');
    const request = pending[0];
    if (!request) throw new Error("The seed holds Kai County's pending request.");
    const withdrawnAt = new Date('2016-07-01T10:00:00+08:00');
    await db
      .insert(extensionWithdrawals)
      .values({ requestId: request.id, reason: 'Reorganised.', withdrawnAt, withdrawnBy: 'kai-county-officer', role: 'unit-officer' });
    const withdrawal = { withdrawnAt };
    for (const at of [new Date(withdrawnAt.getTime() - 1), withdrawnAt, new Date()]) {
      const [row] = await selectRows<{ status: string }>(
        db,
        sql`select ${extensionStatusSql({ requestId: sql`d.request_id`, approved: sql`d.approved`, decidedAt: sql`d.decided_at`, withdrawnAt: sql`w.withdrawn_at` }, atSql(at))} as status
            from extension_requests e left join extension_decisions d on d.request_id = e.id
            left join extension_withdrawals w on w.request_id = e.id where e.id = ${request.id}`,
      );
      expect(row?.status, at.toISOString()).toBe(extensionStatus(null, at, withdrawal));
    }
    expect(extensionStatus(null, new Date(withdrawnAt.getTime() - 1), withdrawal)).toBe('PENDING');
    expect(extensionStatus(null, withdrawnAt, withdrawal)).toBe('WITHDRAWN');
  });

  it('agree on a classification at every moment: the value before the first reclassification after it, else the one now (valueAt, classificationAtSql, §1)', async () => {
    const { db } = units.database;
    const [system] = await db
      .select()
      .from(informationSystems)
      .where(sql`${informationSystems.classification} = 'NON_CLASSIFIED'`)
      .limit(1);
    if (!system) throw new Error('The seed holds non-classified systems.');
    const first = new Date('2016-02-01T10:00:00+08:00');
    const second = new Date('2016-04-01T10:00:00+08:00');
    const rows = [
      { before: 'NON_CLASSIFIED', after: 'CLASSIFIED', at: first },
      { before: 'CLASSIFIED', after: 'NON_CLASSIFIED', at: second },
    ];
    await db.insert(corrections).values(
      rows.map((r) => ({
        systemId: system.id,
        field: 'CLASSIFICATION' as const,
        ...r,
        reason: 'Test.',
        actor: 'office',
        role: 'joint-conference',
      })),
    );
    const moments = [new Date(first.getTime() - 1), first, new Date('2016-03-01T00:00:00Z'), second, new Date()];
    const expected = ['NON_CLASSIFIED', 'CLASSIFIED', 'CLASSIFIED', 'NON_CLASSIFIED', 'NON_CLASSIFIED'];
    expect(moments.map((at) => valueAt(system.classification, rows, at))).toEqual(expected);
    for (const [i, at] of moments.entries()) {
      const [row] = await selectRows<{ classification: string }>(
        db,
        sql`select ${classificationAtSql({ id: sql`s.id`, classification: sql`s.classification` }, atSql(at))}::text as classification
            from information_systems s where s.id = ${system.id}`,
      );
      expect(row?.classification, at.toISOString()).toBe(expected[i]);
    }
  });

  it('never counts a retired or centralised system overdue, and counts one still to move (overdueSql)', async () => {
    const at = atSql(new Date('2016-08-01T00:00:00Z'));
    const overdue = async (stage: string, classification = 'NON_CLASSIFIED') => {
      const [row] = await selectRows<{ overdue: boolean }>(
        units.database.db,
        sql`select ${overdueSql({ classification: sql`${classification}::classification`, stage: sql`${stage}::migration_stage`, dueDate: sql`'2016-06-30'::date` }, at)} as overdue`,
      );
      return row?.overdue;
    };
    expect(await overdue('MIGRATING')).toBe(true);
    expect(await overdue('INVENTORIED')).toBe(true);
    expect(await overdue('RETIRED')).toBe(false);
    expect(await overdue('CENTRALISED')).toBe(false);
    expect(await overdue('MIGRATING', 'CLASSIFIED')).toBe(false);
  });

  it('refuses RETAIN as a strategy (§1, §2), and nothing else', () => {
    expect(strategyRefusal('RETAIN')).toMatch(
      /^§1, §2: every non-classified system is to be centralised in the park; RETAIN is no strategy/,
    );
    for (const strategy of ['REHOST', 'REPLATFORM', 'REFACTOR', 'REPURCHASE', 'RETIRE'] as const)
      expect(strategyRefusal(strategy)).toBeNull();
  });

  it('puts a centralised system in a park data centre when its assessment chose hosting, on cloud services otherwise (hostingWhenCentralised, §2.2)', () => {
    expect(hostingWhenCentralised({ recommendedServiceModel: 'HOSTING' })).toBe('PARK_DATA_CENTER');
    for (const model of ['IAAS', 'PAAS', 'SAAS'] as const)
      expect(hostingWhenCentralised({ recommendedServiceModel: model })).toBe('CLOUD_SERVICE');
  });

  it('lets a re-plan, a change of provider and a retirement start only from their stages (CHANGES)', () => {
    const allowed = (change: keyof typeof CHANGES) =>
      (
        ['INVENTORIED', 'ASSESSED', 'VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING', 'CENTRALISED', 'INTEGRATED', 'RETIRED'] as const
      ).filter((stage) => changeAllowed(change, stage));
    expect(allowed('replan')).toEqual(['PLAN_APPROVED', 'MIGRATING']);
    expect(allowed('changeProvider')).toEqual(['VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING']);
    expect(allowed('retire')).toEqual(['ASSESSED', 'VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING']);
  });
});
