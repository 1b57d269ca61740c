/**
 * A bounded load test (issue 12, "Must show"): on loopback, through the gateway, CLIENTS clients each send
 * one request after another for DURATION_MS, with a fixed mix of 80% reads of six shapes and 20% writes on
 * the seed's own records: about three in five of the writes succeed (budget lines, circuits), the rest a
 * rule refuses (an assessment on a stale version, a placed system placed again). It asserts no transport
 * error, no 5xx, no INTERNAL_SERVER_ERROR, no refusal but the expected ones, and that every accepted write
 * is there afterwards. The figures (requests, per second, p50 and p99 latency) are printed, never asserted:
 * the machine's speed is the benchmarks' business.
 */
import type { Viewer } from '@cq/kit/identity';
import { ANALYST, carrierStaff, dataOf, OFFICE, officerOf, PARK_OPERATOR, present } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type Client, clientOf, percentile } from '../src/clients.ts';
import { type Hub, startHub } from '../src/hub.ts';
import { graphql } from './generated/graphql.ts';

/** Clients sending at once. */
const CLIENTS = 16;
/** How long they send. */
const DURATION_MS = 20_000;
/** Units of the seed (the notice's batch-1 pilot units) whose officers add budget lines and that carriers serve. */
const UNITS = ['tourism-bureau', 'nanan-district', 'banan-district', 'liangping-county'];
const CARRIER = carrierStaff('china-telecom-chongqing');

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

// Reads, of several shapes: across all four subgraphs, one system in depth, the park, the public catalogue,
// a report over every unit, and a unit's own costs.
const UNITS_PAGE = graphql(`query LoadUnitsPage { units(first: 10) { totalCount edges { node { id name batch { number }
  systems { id stage vendor { name } dataCenter { name carriers { name } } } circuits { id status } } } } }`);
const SYSTEM_DETAIL = graphql(`query LoadSystemDetail($id: ID!) { system(id: $id) { id stage version isOverdue dueDate
  history { from to at actor } migrationPlan { destination { name } plannedCutover } migrationTask { percentComplete }
  placement { dataCenter { name } since } } }`);
const PARK = graphql(`query LoadPark { dataCenters { id racksFree powerFreeKw rackUtilisation operator { name } carriers { name } } }`);
const CATALOGUE = graphql(`query LoadCatalogue { carriers { id name } tariffs(preferential: true) { id standardMonthlyPriceCny }
  cloudServices(inProcurementCatalogue: true) { id unitPriceCny vendor { name } } }`);
const PROGRESS = graphql(
  `query LoadProgress { progressReport(groupBy: BATCH) { asOf groups { batch { number } label } total { __typename } } }`,
);
const UNIT_COSTS = graphql(`query LoadUnitCosts($id: ID!) { unit(id: $id) { id monthlyCost { totalCny } contracts { id status }
  budgetLines { id amountCny } } }`);

// Writes: accepted (a budget line, a circuit) and refused by a rule (a stale version, a system placed already).
const BUDGET_LINE = graphql(`mutation LoadAddBudgetLine($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { id } }`);
const CIRCUIT = graphql(`mutation LoadCreateCircuit($input: CreateCircuitInput!) { createCircuit(input: $input) { id } }`);
const ASSESS = graphql(`mutation LoadAssess($input: AssessSystemInput!) { assessSystem(input: $input) { id version } }`);
const PLACE = graphql(`mutation LoadPlace($input: PlaceSystemInput!) { placeSystem(input: $input) { id } }`);

// What is counted before and after.
const SEED_FACTS = graphql(`query LoadSeedFacts($unitId: ID!) {
  systems(first: 1, filter: { unitId: $unitId, classification: NON_CLASSIFIED }) { edges { node { id } } }
  dataCenter(id: "government-cloud-platform") { placementsPage(first: 1) { edges { node { system { id } } } } } }`);
const COUNTS = graphql(`query LoadCounts($id: ID!) { unit(id: $id) { budgetLines { description } circuits { id } } }`);

/** One kind of request of the mix: its weight (of 100), who sends it, and the operation with its variables. */
interface Kind {
  name: string;
  weight: number;
  write: boolean;
  /** The codes a rule answers it with; any other error fails the test. */
  refusedWith?: string;
  viewer: (client: number) => Viewer;
  send: (client: Client, n: number, who: number) => Promise<Answer<unknown>>;
}

/** The unit a client acts for (four clients per unit). */
const unitOf = (client: number) => UNITS[client % UNITS.length] ?? '';

/** A small deterministic generator per client: the same mix on every run. */
function generator(seed: number) {
  let state = seed * 2_654_435_761 + 1;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe(`${CLIENTS} clients for ${DURATION_MS / 1000} s, 80% reads and 20% writes`, () => {
  it('answers every request without a transport error, a 5xx or an internal error, and keeps every accepted write', async () => {
    const facts = dataOf(await hub.query(SEED_FACTS, { unitId: 'tourism-bureau' }, OFFICE));
    const systemId = present(facts.systems?.edges[0]?.node.id, 'a non-classified system of the seed');
    const placedId = present(facts.dataCenter?.placementsPage?.edges[0]?.node.system.id, 'a placed system of the seed');
    const before = await Promise.all(UNITS.map(async (id) => dataOf(await hub.query(COUNTS, { id }, OFFICE)).unit));

    const kinds: Kind[] = [
      { name: 'read units page', weight: 20, write: false, viewer: () => ANALYST, send: (c) => c(UNITS_PAGE, {}) },
      { name: 'read system', weight: 20, write: false, viewer: () => OFFICE, send: (c) => c(SYSTEM_DETAIL, { id: systemId }) },
      { name: 'read park', weight: 15, write: false, viewer: () => PARK_OPERATOR, send: (c) => c(PARK, {}) },
      { name: 'read catalogue', weight: 10, write: false, viewer: () => ANALYST, send: (c) => c(CATALOGUE, {}) },
      { name: 'read progress', weight: 5, write: false, viewer: () => ANALYST, send: (c) => c(PROGRESS, {}) },
      {
        name: 'read unit costs',
        weight: 10,
        write: false,
        viewer: (i) => officerOf(unitOf(i)),
        send: (c, _, i) => c(UNIT_COSTS, { id: unitOf(i) }),
      },
      {
        name: 'add budget line',
        weight: 6,
        write: true,
        viewer: (i) => officerOf(unitOf(i)),
        send: (c, n, i) =>
          c(BUDGET_LINE, {
            input: { unitId: unitOf(i), year: 2016, category: 'SERVERS', description: `load ${i}-${n}`, amountCny: '1000.00' },
          }),
      },
      {
        name: 'order circuit',
        weight: 6,
        write: true,
        viewer: () => CARRIER,
        send: (c, _, i) =>
          c(CIRCUIT, { input: { unitId: unitOf(i), dataCenterId: 'government-cloud-platform', tariffId: 'telecom-line-100' } }),
      },
      {
        name: 'assess on a stale version',
        weight: 4,
        write: true,
        refusedWith: 'CONFLICT',
        viewer: () => officerOf('tourism-bureau'),
        send: (c) =>
          c(ASSESS, {
            input: { systemId, expectedVersion: 0, readiness: 'READY', strategy: 'REHOST', recommendedServiceModel: 'IAAS' },
          }),
      },
      {
        name: 'place a placed system',
        weight: 4,
        write: true,
        refusedWith: 'ALREADY_PLACED',
        viewer: () => PARK_OPERATOR,
        send: (c) =>
          c(PLACE, {
            input: {
              systemId: placedId,
              dataCenterId: 'government-cloud-platform',
              racks: 1,
              powerKw: '1.0',
              monthlyFeeCny: '100.00',
              since: '2016-06-01',
            },
          }),
      },
    ];
    expect(kinds.reduce((sum, k) => sum + k.weight, 0)).toBe(100);
    expect(kinds.filter((k) => k.write).reduce((sum, k) => sum + k.weight, 0)).toBe(20);

    /** The kind whose share of 0–100 holds the draw. */
    const bounds = kinds.map((_, k) => kinds.slice(0, k + 1).reduce((sum, { weight }) => sum + weight, 0));
    const pick = (draw: number) => kinds[bounds.findIndex((bound) => draw < bound)] ?? (kinds[0] as Kind);
    interface Sent {
      kind: Kind;
      client: number;
      n: number;
      answer?: Answer<unknown>;
      transport?: string;
    }
    const sent: Sent[] = [];
    // Every client signs a token for each role it acts as before the clock starts.
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => ({
        i,
        random: generator(i + 1),
        as: new Map(await Promise.all(kinds.map(async (k) => [k, await clientOf(hub, k.viewer(i))] as const))),
      })),
    );
    const started = performance.now();
    const deadline = started + DURATION_MS;
    await Promise.all(
      clients.map(async ({ i, random, as }) => {
        for (let n = 0; performance.now() < deadline; n++) {
          const kind = pick(random() * 100);
          const record: Sent = { kind, client: i, n };
          sent.push(record);
          try {
            record.answer = await kind.send(as.get(kind) as Client, n, i);
          } catch (error) {
            record.transport = String(error);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    const answered = sent.flatMap((s) => (s.answer ? [s.answer] : []));
    const latencies = answered.map((a) => a.ms);
    const byKind = kinds.map((k) => {
      const mine = sent.filter((s) => s.kind === k);
      return {
        kind: k.name,
        requests: mine.length,
        accepted: mine.filter((s) => s.answer && !s.answer.body.errors).length,
        refused: mine.filter((s) => s.answer?.body.errors).length,
        p50ms: Math.round(
          percentile(
            mine.flatMap((s) => (s.answer ? [s.answer.ms] : [])),
            50,
          ),
        ),
      };
    });
    const writes = sent.filter((s) => s.kind.write).length;
    console.log(
      `load: ${CLIENTS} clients for ${seconds.toFixed(1)} s: ${sent.length} requests (${writes} writes, ${((100 * writes) / sent.length).toFixed(1)}%), ` +
        `${(sent.length / seconds).toFixed(1)} per second, latency p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
    );
    console.table(byKind);

    // No failure of any kind: every request answered, none with a 5xx, an internal error or an uncoded error.
    expect(sent.filter((s) => s.transport).map((s) => s.transport)).toEqual([]);
    expect(answered.filter((a) => a.status >= 500).map((a) => a.status)).toEqual([]);
    expect(answered.filter((a) => a.code === 'INTERNAL_SERVER_ERROR')).toEqual([]);
    // Reads and accepted writes answer data; refused writes answer exactly their rule's code, every time.
    const unexpected = sent.filter((s) => (s.kind.refusedWith ? s.answer?.code !== s.kind.refusedWith : s.answer?.body.errors));
    expect(unexpected.map((s) => ({ kind: s.kind.name, errors: s.answer?.body.errors }))).toEqual([]);
    for (const k of kinds) expect(sent.some((s) => s.kind === k)).toBe(true);

    // Every accepted write is there afterwards, per unit: each budget line by its description, each circuit.
    const after = await Promise.all(UNITS.map(async (id) => dataOf(await hub.query(COUNTS, { id }, OFFICE)).unit));
    UNITS.forEach((_, u) => {
      const ofUnit = (name: string) => sent.filter((s) => s.kind.name === name && s.client % UNITS.length === u && !s.answer?.body.errors);
      const lines = new Set(after[u]?.budgetLines?.map((l) => l.description));
      const added = ofUnit('add budget line').map((s) => `load ${s.client}-${s.n}`);
      expect(added.filter((d) => !lines.has(d))).toEqual([]);
      expect((after[u]?.budgetLines?.length ?? 0) - (before[u]?.budgetLines?.length ?? 0)).toBe(added.length);
      expect((after[u]?.circuits?.length ?? 0) - (before[u]?.circuits?.length ?? 0)).toBe(ofUnit('order circuit').length);
    });
  }, 90_000);
});
