/**
 * The progress figures are read set-based (data/progress.ts: the history as spans, reclassifications and
 * extensions read once); here they are checked system by system against a plain reading of the same rows
 * with the rules' TypeScript twins, at many instants at once, including the instants of the rows themselves
 * and history the workflow rarely writes: reclassifications back and forth, two at one instant, and two
 * transitions at one instant (the later id wins, as `stageAt` orders them).
 */

import type { Database } from '@cq/kit/database';
import { startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { endOfDay } from '@cq/kit/time';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { type FiguresRow, monthEnds, progressFigures, STAGES, systemsAt } from '../src/data/progress.ts';
import type * as schema from '../src/data/schema.ts';
import {
  batches,
  corrections,
  extensionDecisions,
  extensionRequests,
  extensionWithdrawals,
  informationSystems,
  stageTransitions,
  units as unitsTable,
} from '../src/data/schema.ts';
import { CENTRALISED_STAGES, ENDED_STAGES, extensionStatus, valueAt } from '../src/domain/rules.ts';
import { createUnitsSubgraph } from '../src/server.ts';

let units: TestSubgraph<Context>;
/** The subgraph's own database, typed with its schema. */
const db = () => units.database.db as Database<typeof schema>;

/** Instants of the rare history added below. */
const T = {
  secret: new Date('2015-11-20T02:00:00Z'),
  declassified: new Date('2016-02-10T09:30:00Z'),
  sameInstant: new Date('2016-01-15T04:00:00Z'),
  twoSteps: new Date('2015-12-01T01:00:00Z'),
};

beforeAll(async () => {
  units = await startTestSubgraph('units', createUnitsSubgraph);
  const [first, second, third] = await db()
    .select()
    .from(informationSystems)
    .where(sql`${informationSystems.classification} = 'NON_CLASSIFIED'`)
    .orderBy(informationSystems.id)
    .limit(3);
  if (!first || !second || !third) throw new Error('The seed holds fewer than three non-classified systems.');
  const correction = (systemId: string, before: string, after: string, at: Date) => ({
    systemId,
    field: 'CLASSIFICATION' as const,
    before,
    after,
    reason: 'progress.test: rare history',
    at,
    actor: 'joint-conference-office',
    role: 'joint-conference',
  });
  await db()
    .insert(corrections)
    .values([
      // Classified for a while, then declassified: non-classified now, as the row says.
      correction(first.id, 'NON_CLASSIFIED', 'CLASSIFIED', T.secret),
      correction(first.id, 'CLASSIFIED', 'NON_CLASSIFIED', T.declassified),
      // Two at one instant: before it, the first one's `before` holds.
      correction(second.id, 'NON_CLASSIFIED', 'CLASSIFIED', T.sameInstant),
      correction(second.id, 'CLASSIFIED', 'NON_CLASSIFIED', T.sameInstant),
    ]);
  await db()
    .insert(stageTransitions)
    .values([
      { systemId: third.id, fromStage: 'INVENTORIED', toStage: 'ASSESSED', at: T.twoSteps, actor: 'progress.test' },
      { systemId: third.id, fromStage: 'ASSESSED', toStage: 'RETIRED', at: T.twoSteps, actor: 'progress.test' },
    ]);
});
afterAll(async () => units?.stop());

/** Every row the figures depend on, read plainly. */
async function history() {
  const [systems, unitRows, batchRows, transitions, reclassifications, requests, decisions, withdrawals] = await Promise.all([
    db().select().from(informationSystems),
    db().select().from(unitsTable),
    db().select().from(batches),
    db().select().from(stageTransitions),
    db().select().from(corrections).where(sql`${corrections.field} = 'CLASSIFICATION'`),
    db().select().from(extensionRequests),
    db().select().from(extensionDecisions),
    db().select().from(extensionWithdrawals),
  ]);
  const byTime = <R extends { at: Date; id: number }>(a: R, b: R) => a.at.getTime() - b.at.getTime() || a.id - b.id;
  transitions.sort(byTime);
  reclassifications.sort(byTime);
  const bySystem = <R extends { systemId: string | null }>(rows: R[]) => {
    const map = new Map<string, R[]>();
    for (const r of rows) map.set(r.systemId ?? '', [...(map.get(r.systemId ?? '') ?? []), r]);
    return map;
  };
  const transitionsOf = bySystem(transitions);
  const reclassificationsOf = bySystem(reclassifications);
  const unitOf = new Map(unitRows.map((u) => [u.id, u]));
  const windowEnd = new Map(batchRows.map((b) => [b.number, b.windowEnd]));
  const decisionOf = new Map(decisions.map((d) => [d.requestId, d]));
  const withdrawalOf = new Map(withdrawals.map((w) => [w.requestId, w]));

  /** A system at an instant, by the rules' TypeScript twins. */
  const systemAt = (system: (typeof systems)[number], at: Date) => {
    const unit = unitOf.get(system.unitId);
    if (!unit) throw new Error(`No unit ${system.unitId}.`);
    const stage = (transitionsOf.get(system.id) ?? []).filter((t) => t.at <= at).at(-1)?.toStage ?? null;
    const classification = valueAt(system.classification, reclassificationsOf.get(system.id) ?? [], at);
    const extended = requests
      .filter((e) => e.unitId === unit.id && decisionOf.get(e.id)?.approved && (decisionOf.get(e.id)?.decidedAt ?? at) <= at)
      .map((e) => e.newDueDate)
      .sort()
      .at(-1);
    const dueDate = unit.voluntary ? null : (extended ?? windowEnd.get(unit.batchNumber) ?? null);
    const exempt = classification === 'CLASSIFIED';
    const overdue = !exempt && stage !== null && !ENDED_STAGES.includes(stage) && dueDate !== null && at >= endOfDay(dueDate);
    return { unit, stage, exempt, dueDate, overdue };
  };

  /** Figures per key at an instant, as progressFigures gives them; `key` null for the whole programme. */
  const figuresAt = (at: Date, keyOf: (unit: (typeof unitRows)[number]) => string) => {
    const keys = new Map<string, FiguresRow['figures']>();
    const blank = (): FiguresRow['figures'] => ({
      systemCount: 0,
      exemptCount: 0,
      retiredCount: 0,
      byStage: [...STAGES.map((stage): FiguresRow['figures']['byStage'][number] => ({ stage, count: 0 })), { stage: 'EXEMPT', count: 0 }],
      centralisedCount: 0,
      integratedCount: 0,
      percentCentralised: 0,
      percentIntegrated: 0,
      overdueCount: 0,
      pendingExtensionCount: 0,
    });
    for (const unit of unitRows) for (const key of [keyOf(unit), '*whole']) if (!keys.has(key)) keys.set(key, blank());
    for (const system of systems) {
      const state = systemAt(system, at);
      if (state.stage === null) continue;
      for (const key of [keyOf(state.unit), '*whole']) {
        const f = keys.get(key) as FiguresRow['figures'];
        f.systemCount += 1;
        const stage = f.byStage.find((s) => s.stage === (state.exempt ? 'EXEMPT' : state.stage));
        if (stage) stage.count += 1;
        if (state.exempt) {
          f.exemptCount += 1;
          continue;
        }
        if (state.stage === 'RETIRED') f.retiredCount += 1;
        if (CENTRALISED_STAGES.includes(state.stage)) f.centralisedCount += 1;
        if (state.stage === 'INTEGRATED') f.integratedCount += 1;
        if (state.overdue) f.overdueCount += 1;
      }
    }
    for (const request of requests) {
      const unit = unitOf.get(request.unitId);
      if (!unit || request.requestedAt > at) continue;
      if (extensionStatus(decisionOf.get(request.id) ?? null, at, withdrawalOf.get(request.id) ?? null) !== 'PENDING') continue;
      for (const key of [keyOf(unit), '*whole']) (keys.get(key) as FiguresRow['figures']).pendingExtensionCount += 1;
    }
    const percent = (part: number, whole: number) => (whole ? Math.round((1000 * part) / whole) / 10 : 0);
    for (const f of keys.values()) {
      f.percentCentralised = percent(f.centralisedCount, f.systemCount - f.exemptCount - f.retiredCount);
      f.percentIntegrated = percent(f.integratedCount, f.systemCount - f.exemptCount - f.retiredCount);
    }
    return keys;
  };
  return { systems, transitions, reclassifications, requests, decisions, withdrawals, batchRows, systemAt, figuresAt };
}

/** Moments as progressFigures takes them: labelled by their index. */
const momentsSql = (instants: Date[]): SQL =>
  sql`select * from (values ${sql.join(
    instants.map((at, i) => sql`(${String(i).padStart(4, '0')}, ${at.toISOString()}::timestamptz)`),
    sql`, `,
  )}) m(moment, at)`;

/** Every instant the rows name, a millisecond either side of each, and the days between. */
function instantsOf(h: Awaited<ReturnType<typeof history>>): Date[] {
  const named = [
    ...h.transitions.map((t) => t.at),
    ...h.reclassifications.map((c) => c.at),
    ...h.requests.map((e) => e.requestedAt),
    ...h.decisions.map((d) => d.decidedAt),
    ...h.withdrawals.map((w) => w.withdrawnAt),
    ...h.batchRows.map((b) => endOfDay(b.windowEnd)),
  ];
  const all = new Set<number>();
  for (const at of named) for (const shift of [-1, 0, 1]) all.add(at.getTime() + shift);
  for (let day = Date.parse('2015-06-01T00:00:00Z'); day <= Date.parse('2017-06-01T00:00:00Z'); day += 10 * 86_400_000) all.add(day);
  return [...all].sort((a, b) => a - b).map((t) => new Date(t));
}

describe('progress figures read set-based from the history', () => {
  it('agree, group by group and for the whole programme, with each system read plainly at every instant the history names', async () => {
    const h = await history();
    const instants = instantsOf(h);
    expect(instants.length).toBeGreaterThan(100);
    for (const [by, keyOf] of [
      ['BATCH', (u: { batchNumber: number }) => String(u.batchNumber)],
      ['UNIT_KIND', (u: { kind: string }) => u.kind],
    ] as const) {
      const rows = await progressFigures(db(), momentsSql(instants), { by }, true);
      expect(rows.length).toBeGreaterThan(instants.length);
      const plain = instants.map((at) => h.figuresAt(at, keyOf as (u: object) => string));
      const expected = rows.map((row) => ({ ...row, figures: plain[Number(row.moment)]?.get(row.whole ? '*whole' : row.key) }));
      expect(rows).toEqual(expected);
    }
  });

  it('counts the rare history as it stood: classified for a while, two reclassifications at one instant, two steps at one instant', async () => {
    const h = await history();
    const twoSteps = h.transitions.find((t) => t.actor === 'progress.test')?.systemId;
    const [first, second, third] = [...new Set(h.reclassifications.map((c) => c.systemId)), twoSteps].map((id) =>
      h.systems.find((s) => s.id === id),
    );
    if (!first || !second || !third) throw new Error('The rare history is missing.');
    const just = (at: Date, ms: number) => new Date(at.getTime() + ms);
    expect([T.secret, T.declassified].map((at) => h.systemAt(first, just(at, -1)).exempt)).toEqual([false, true]);
    expect([T.secret, T.declassified].map((at) => h.systemAt(first, at).exempt)).toEqual([true, false]);
    expect([-1, 0].map((ms) => h.systemAt(second, just(T.sameInstant, ms)).exempt)).toEqual([false, false]);
    expect(h.systemAt(third, T.twoSteps).stage).toBe('RETIRED');
    // systemsAt reads the same answers one system at a time.
    for (const at of [just(T.secret, -1), T.secret, T.twoSteps, just(T.declassified, -1), T.declassified, T.sameInstant]) {
      const read = await systemsAt(db(), at, sql`s.id in (${first.id}, ${second.id}, ${third.id})`);
      for (const system of [first, second, third]) {
        const plain = h.systemAt(system, at);
        expect(read.find((r) => r.id === system.id)).toEqual({
          id: system.id,
          stage: plain.stage,
          exempt: plain.exempt,
          dueDate: plain.exempt || plain.stage === 'RETIRED' ? null : plain.dueDate,
          overdue: plain.overdue,
        });
      }
    }
  });

  it('give every system the same stage, due date and overdue state one at a time as all at once', async () => {
    const h = await history();
    for (const at of [new Date('2015-09-30T16:00:00Z'), new Date('2016-01-15T04:00:00Z'), new Date('2016-12-31T16:00:00Z')]) {
      const read = new Map((await systemsAt(db(), at, sql`true`)).map((r) => [r.id, r]));
      expect(read.size).toBe(h.systems.length);
      for (const system of h.systems) {
        const plain = h.systemAt(system, at);
        expect(read.get(system.id)).toEqual({
          id: system.id,
          stage: plain.stage,
          exempt: plain.exempt,
          dueDate: plain.exempt || plain.stage === 'RETIRED' ? null : plain.dueDate,
          overdue: plain.overdue,
        });
      }
    }
  });

  it('labels the month ends of any range, and reads each as the single instant it is', async () => {
    const months = await progressFigures(db(), monthEnds('2015-11', '2016-02'), { by: 'BATCH' });
    expect([...new Set(months.map((r) => r.moment))]).toEqual(['2015-11', '2015-12', '2016-01', '2016-02']);
    const ends = ['2015-12-01', '2016-01-01', '2016-02-01', '2016-03-01'].map((day) => new Date(`${day}T00:00:00+08:00`));
    const single = await progressFigures(db(), momentsSql(ends), { by: 'BATCH' });
    expect(months.map((r) => r.figures)).toEqual(single.map((r) => r.figures));
  });
});
