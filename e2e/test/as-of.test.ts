/**
 * One moment per operation, across the graph (issue 10, finding 11): the gateway decides the moment (the
 * As-Of header, or a root field's asOf lifted to the whole operation) and signs it into every subgraph
 * call, so every field, in every subgraph, is answered as of the same instant. The expected figures are
 * worked out here a second, simpler way, from the facts the graph shows now (a system's history, a unit's
 * contracts, placements and circuits with their days), as an independent oracle.
 */
import { sumCny } from '@cq/kit/money';
import { dataOf, OFFICE, present } from '@cq/kit/testing';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLResult, type Hub, startHub } from '../src/hub.ts';
import { graphql } from './generated/graphql.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

/** Posts an operation as the joint-conference office, as of a moment when `asOf` is given (the As-Of header). */
async function ask<D, V>(operation: TypedDocumentNode<D, V>, variables: V, asOf?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${await hub.token(OFFICE)}`, ...(asOf ? { 'as-of': asOf } : {}) };
  return (await hub.post({ query: print(operation), variables }, headers)) as { status: number; body: GraphQLResult<D> };
}

/** The calendar day (Asia/Shanghai) an instant falls on. */
const shanghaiDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The instant a day ends in Asia/Shanghai: what an As-Of date means. */
const endOf = (day: string) => Date.parse(`${day}T24:00:00+08:00`);

const OVERDUE = graphql(`query AsOfOverdueAtEndOfBatch1 { overdueSystems(asOf: "2015-09-30", batch: 1) {
  edges { node { stage system { stage isOverdue } } } } }`);

describe("the issue's query: overdue at the end of batch 1", () => {
  it("answers every nested field as of the report's moment: the system's stage is the report's, and it is overdue", async () => {
    const { body } = await ask(OVERDUE, {});
    const edges = present(dataOf(body).overdueSystems, 'overdue systems').edges;
    expect(edges.length).toBeGreaterThan(0);
    for (const { node } of edges) {
      expect(node.system.stage).toBe(node.stage);
      expect(node.system.isOverdue).toBe(true);
      expect(node.stage).not.toMatch(/CENTRALISED|INTEGRATED/);
    }
    // The As-Of header naming the same moment agrees, and the answer is the same.
    expect((await ask(OVERDUE, {}, '2015-09-30')).body).toEqual(body);
    expect((await ask(OVERDUE, {}, '2015-10-01T00:00:00+08:00')).body).toEqual(body);
  });

  it('refuses a header that names another moment, and a mutation asked as of a moment (BAD_USER_INPUT)', async () => {
    const conflict = await ask(OVERDUE, {}, '2015-12-31');
    expect(conflict.status).toBe(400);
    expect(conflict.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/one moment.*As-Of header.*overdueSystems\(asOf: "2015-09-30"\)/),
    });
    const CHANGE = graphql(`mutation AsOfLateBudgetLine($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { id } }`);
    const change = await ask(
      CHANGE,
      { input: { unitId: 'nanan-district', year: 2015, category: 'CLOUD_SERVICES', description: 'Back-dated', amountCny: '100.00' } },
      '2015-09-30',
    );
    expect(change.status).toBe(400);
    expect(change.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/history is not rewritten/),
    });
    expect(change.body.data ?? null).toBeNull();
  });
});

/** What the graph shows now of a unit: its systems' histories and every fact its costs are made of, with their days. */
const FACTS = graphql(`query AsOfUnitFacts($id: ID!) { unit(id: $id) { id kind
  systems { id classification history { to at } }
  contracts { status startsOn endsOn signedOn activatedOn endedOn lines { monthlyAmountCny } }
  placements { since until monthlyFeeCny }
  circuits { status orderedOn activeOn decommissionedOn
    tariff { standardMonthlyPriceCny preferentialMonthlyPriceCny validFrom validUntil eligibleUnitKinds } } } }`);
type Facts = NonNullable<Awaited<ReturnType<typeof factsOf>>>;
const factsOf = async (id: string) => dataOf((await ask(FACTS, { id })).body).unit;

/** The same unit as of a moment: its cost in parts, and its systems' stages, all read at that moment. */
const AS_OF = graphql(`query AsOfUnitThen($id: ID!) { unit(id: $id) { isMigrating
  monthlyCost { cloudServicesCny parkCny communicationCny totalCny } systems { id stage } } }`);

const STARTED = ['VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING', 'CENTRALISED', 'INTEGRATED'];

/** The oracle: a system's stage at the end of a day, its last transition by then. */
const stageOn = (history: { to: string; at: string }[], day: string) =>
  history.filter((t) => Date.parse(t.at) < endOf(day)).at(-1)?.to ?? null;

/** The oracle: the unit's cost on a day, from its facts as the notice's rules read them. */
function expectedOn(facts: Facts, day: string) {
  const contracts = present(facts.contracts, 'contracts');
  const cloud = sumCny(
    contracts
      .filter((c) => {
        // A day not kept reads as "before records": active from the term's start, ended after the term.
        const activeFrom = c.status === 'SIGNED' ? null : (c.activatedOn ?? c.startsOn);
        const endedFrom = c.status === 'ENDED' ? (c.endedOn ?? addDays(c.endsOn, 1)) : null;
        return activeFrom !== null && activeFrom <= day && (endedFrom === null || day < endedFrom) && c.startsOn <= day && day <= c.endsOn;
      })
      .flatMap((c) => c.lines.map((l) => l.monthlyAmountCny)),
  );
  const park = sumCny(
    present(facts.placements, 'placements')
      .filter((p) => p.since <= day && (p.until === null || day < p.until))
      .map((p) => p.monthlyFeeCny),
  );
  const migrating = facts.systems.some((s) => s.classification === 'NON_CLASSIFIED' && STARTED.includes(stageOn(s.history, day) ?? ''));
  const communication = sumCny(
    present(facts.circuits, 'circuits')
      .filter((c) => {
        const active = (c.status === 'ACTIVE' || c.status === 'DECOMMISSIONED') && (c.activeOn ?? '') <= day;
        const decommissioned = c.status === 'DECOMMISSIONED' && (c.decommissionedOn ?? '') <= day;
        return active && !decommissioned && (c.orderedOn ?? '') <= day;
      })
      .map(({ tariff: t }) => {
        const eligible = !t.eligibleUnitKinds.length || t.eligibleUnitKinds.includes(facts.kind);
        const valid = t.validFrom <= day && (t.validUntil === null || day <= t.validUntil);
        return t.preferentialMonthlyPriceCny !== null && migrating && eligible && valid
          ? t.preferentialMonthlyPriceCny
          : t.standardMonthlyPriceCny;
      }),
  );
  return {
    isMigrating: migrating,
    monthlyCost: {
      cloudServicesCny: cloud,
      parkCny: park,
      communicationCny: communication,
      totalCny: sumCny([cloud, park, communication]),
    },
    // A classified system's stage reads EXEMPT once it is inventoried (§1).
    systems: facts.systems.map((s) => {
      const step = stageOn(s.history, day);
      return { id: s.id, stage: step && s.classification === 'CLASSIFIED' ? 'EXEMPT' : step };
    }),
  };
}

describe("a unit's monthly cost and a system's stage as of three dates", () => {
  it('answers each, in every part, as the data stood before the migration, mid-way and after centralisation', async () => {
    // A pilot unit with cloud contracts, a place in the park and a circuit, and a system centralised some
    // days after its migration started.
    const UNITS = graphql(`query AsOfPilots { units(first: 100, filter: { batch: 1 }) { edges { node { id } } } }`);
    const ids = present(dataOf((await ask(UNITS, {})).body).units, 'units').edges.map((e) => e.node.id);
    let chosen: { facts: Facts; systemId: string; migrating: string; centralised: string } | undefined;
    for (const id of ids) {
      const facts = present(await factsOf(id), `unit ${id}`);
      if (!facts.contracts?.length || !facts.placements?.length || !facts.circuits?.length) continue;
      for (const system of facts.systems) {
        const migrating = system.history.find((t) => t.to === 'MIGRATING');
        const centralised = system.history.find((t) => t.to === 'CENTRALISED');
        if (migrating && centralised && addDays(shanghaiDay(migrating.at), 1) < shanghaiDay(centralised.at)) {
          chosen ??= { facts, systemId: system.id, migrating: shanghaiDay(migrating.at), centralised: shanghaiDay(centralised.at) };
        }
      }
      if (chosen) break;
    }
    const { facts, systemId, migrating, centralised } = present(
      chosen,
      'a pilot unit with every kind of cost and a system centralised after migrating',
    );
    const firstStep =
      present(
        facts.systems.find((s) => s.id === systemId),
        'the system',
      ).history[0]?.at ?? '';
    const dates = {
      before: addDays(shanghaiDay(firstStep), -1),
      midway: addDays(migrating, 1),
      after: addDays(centralised, 1),
    };
    const answers: Record<string, unknown> = {};
    for (const [when, day] of Object.entries(dates)) {
      const { status, body } = await ask(AS_OF, { id: facts.id }, day);
      expect(status, when).toBe(200);
      const then = present(dataOf(body).unit, `unit ${facts.id} on ${day}`);
      expect(then, `${when} (${day})`).toEqual(expectedOn(facts, day));
      answers[when] = then;
    }
    // The system itself: not yet inventoried before, migrating mid-way, centralised after.
    const stages = Object.fromEntries(
      Object.entries(answers).map(([when, then]) => [
        when,
        (then as { systems: { id: string; stage: string | null }[] }).systems.find((s) => s.id === systemId)?.stage,
      ]),
    );
    expect(stages).toEqual({ before: null, midway: 'MIGRATING', after: 'CENTRALISED' });
    for (const [when, day] of Object.entries(dates)) {
      const { monthlyCost } = answers[when] as { monthlyCost: Record<string, string> };
      console.log(
        `As-Of ${day} (${when}): ${systemId} ${stages[when] ?? 'not yet inventoried'}; ${facts.id} pays ${JSON.stringify(monthlyCost)}`,
      );
    }
    // The three moments answer three different bills: the dates matter in every part that changed.
    type Cost = { monthlyCost: { cloudServicesCny: string; parkCny: string; communicationCny: string; totalCny: string } };
    const totals = Object.values(answers).map((then) => (then as Cost).monthlyCost.totalCny);
    expect(new Set(totals).size).toBeGreaterThan(1);
    const after = (answers.after as Cost).monthlyCost;
    expect(Number(after.cloudServicesCny) * Number(after.parkCny) * Number(after.communicationCny)).toBeGreaterThan(0);
  });
});

describe('as-of answers batch', () => {
  it('runs the same SQL statements per subgraph for 10 units as for 100, as of a date as now', async () => {
    const PAGE = graphql(`query AsOfUnitsPage($first: Int) { units(first: $first) { edges { node {
      isMigrating monthlyCost { totalCny } systems { stage isOverdue vendor { id } placement { since } migrationTask { percentComplete } } } } } }`);
    const statements = async (first: number, asOf?: string) => {
      const subgraphs = ['units', 'vendors', 'park', 'telecom'].map((name) => hub.subgraph(name));
      const before = subgraphs.map((s) => s.statements.count);
      const { body } = await ask(PAGE, { first }, asOf);
      expect(body.errors).toBeUndefined();
      return Object.fromEntries(subgraphs.map((s, i) => [s.name, s.statements.count - (before[i] ?? 0)]));
    };
    expect(await statements(100, '2015-09-30')).toEqual(await statements(10, '2015-09-30'));
    expect(await statements(100)).toEqual(await statements(10));
  });
});
