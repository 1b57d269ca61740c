/**
 * The seed tells one story in four subgraphs (`@cq/story`), and they agree: read back through the gateway
 * as the joint-conference office, every system is checked against what vendors, the park and telecom hold
 * of it. A selected provider holds the system's contract lines (no other provider does) and its task
 * report; a centralised system is placed in its latest plan's data centre, since no later than the day it
 * was centralised, under contracts whose term covers the placement; a classified system is never planned,
 * placed, contracted or reported on (§1); a unit's circuits reach the data centres its plans name, and one
 * is live wherever a system of it is placed. The test counts the systems checked and the mismatches.
 */

import { OFFICE, present } from '@cq/kit/testing';
import { dateOf } from '@cq/kit/time';
import { programmeStory } from '@cq/story';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLResult, type Hub, startHub } from '../src/hub.ts';
import { graphql, type SeedAgreementSystemsQuery, type SeedAgreementUnitsQuery } from './generated/graphql.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

/** Every system with what each subgraph holds of it, a page of 100 at a time. */
const SYSTEMS = graphql(`query SeedAgreementSystems($after: String) {
  systems(first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node {
      id classification stage unit { id } vendor { id }
      history { to at }
      migrationPlan { destination { id } }
      placement { since until dataCenter { id } }
      migrationTask { vendor { id } }
    } }
  } }`);

/** Every provider's contracts with the systems their lines serve: the providers are few, one request. */
const CONTRACTS = graphql(`query SeedAgreementContracts {
  vendors { id contracts { id status startsOn endsOn unit { id } lines { system { id } } } } }`);

/** Every unit's circuits, a page of 100 at a time. */
const UNITS = graphql(`query SeedAgreementUnits($after: String) {
  units(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id circuits { id status dataCenter { id } } } }
  } }`);

type SystemNode = NonNullable<SeedAgreementSystemsQuery['systems']>['edges'][number]['node'];
type UnitNode = NonNullable<SeedAgreementUnitsQuery['units']>['edges'][number]['node'];

const CENTRALISED = ['CENTRALISED', 'INTEGRATED'];

async function allSystems(): Promise<{ systems: SystemNode[]; totalCount: number }> {
  const systems: SystemNode[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (;;) {
    const result: GraphQLResult<SeedAgreementSystemsQuery> = await hub.query(SYSTEMS, { after }, OFFICE);
    expect(result.errors).toBeUndefined();
    const page = present(result.data?.systems, 'systems');
    totalCount = page.totalCount;
    systems.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return { systems, totalCount };
    after = page.pageInfo.endCursor;
  }
}

async function allUnits(): Promise<UnitNode[]> {
  const units: UnitNode[] = [];
  let after: string | null = null;
  for (;;) {
    const result: GraphQLResult<SeedAgreementUnitsQuery> = await hub.query(UNITS, { after }, OFFICE);
    expect(result.errors).toBeUndefined();
    const page = present(result.data?.units, 'units');
    units.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return units;
    after = page.pageInfo.endCursor;
  }
}

describe('the seed: one story in four subgraphs', () => {
  it('agrees across units, vendors, park and telecom for every system (issue 10, finding 10)', async () => {
    const { systems, totalCount } = await allSystems();
    const contracts = await hub.query(CONTRACTS, {}, OFFICE);
    expect(contracts.errors).toBeUndefined();
    const units = await allUnits();

    // The contracts whose lines name each system, with the provider holding them.
    const linesOf = new Map<
      string,
      { vendorId: string; contract: { id: string; status: string; startsOn: string; endsOn: string; unitId: string } }[]
    >();
    for (const vendor of present(contracts.data, 'contracts').vendors) {
      for (const contract of present(vendor.contracts, `${vendor.id}'s contracts`)) {
        for (const line of contract.lines) {
          if (!line.system) continue;
          const held = linesOf.get(line.system.id) ?? [];
          held.push({ vendorId: vendor.id, contract: { ...contract, unitId: contract.unit.id } });
          linesOf.set(line.system.id, held);
        }
      }
    }

    const today = dateOf(new Date());
    const mismatches: string[] = [];
    const mismatch = (systemId: string, what: string) => mismatches.push(`${systemId}: ${what}`);
    for (const system of systems) {
      const held = linesOf.get(system.id) ?? [];
      const providers = new Set(held.map((h) => h.vendorId));
      if (system.classification === 'CLASSIFIED') {
        // §1: exempt, never migrated.
        if (system.vendor) mismatch(system.id, `classified, yet selected ${system.vendor.id}`);
        if (system.migrationPlan) mismatch(system.id, 'classified, yet planned');
        if (system.placement) mismatch(system.id, 'classified, yet placed');
        if (held.length) mismatch(system.id, `classified, yet contracted by ${[...providers].join(', ')}`);
        if (system.migrationTask) mismatch(system.id, 'classified, yet reported on');
        continue;
      }
      const selected = system.vendor?.id ?? null;
      if (selected) {
        if (!providers.has(selected)) mismatch(system.id, `selected ${selected}, which holds no contract line for it`);
        const others = [...providers].filter((p) => p !== selected);
        if (others.length) mismatch(system.id, `selected ${selected}, but ${others.join(', ')} hold contract lines for it`);
        if (system.migrationTask?.vendor.id !== selected)
          mismatch(system.id, `selected ${selected}, but its task is reported by ${system.migrationTask?.vendor.id ?? 'nobody'}`);
        for (const { contract } of held) {
          if (contract.unitId !== system.unit.id) mismatch(system.id, `contract ${contract.id} is unit ${contract.unitId}'s`);
        }
      } else if (held.length || system.migrationTask) {
        mismatch(system.id, 'no provider selected, yet contracted or reported on');
      }
      const centralised = system.history.find((t) => t.to === 'CENTRALISED');
      if (CENTRALISED.includes(system.stage ?? '')) {
        const planned = system.migrationPlan?.destination.id;
        const placement = system.placement;
        if (!placement || !centralised) {
          mismatch(system.id, `${system.stage}, yet not placed`);
          continue;
        }
        if (placement.dataCenter.id !== planned) mismatch(system.id, `planned for ${planned}, placed in ${placement.dataCenter.id}`);
        const centralisedOn = dateOf(new Date(centralised.at));
        if (placement.since > centralisedOn) mismatch(system.id, `centralised on ${centralisedOn}, placed only from ${placement.since}`);
        // The services bought for it are paid for the whole time it has been placed.
        const until = placement.until ?? today;
        for (const { contract } of held) {
          if (contract.status !== 'ACTIVE' || contract.startsOn > placement.since || contract.endsOn < until)
            mismatch(
              system.id,
              `placed ${placement.since}–${until}, but contract ${contract.id} is ${contract.status} ${contract.startsOn}–${contract.endsOn}`,
            );
        }
      }
    }

    // A unit's circuits reach the data centres its plans name, and one is live wherever a system of it is placed.
    for (const unit of units) {
      const own = systems.filter((s) => s.unit.id === unit.id);
      const planned = new Set(own.flatMap((s) => (s.migrationPlan ? [s.migrationPlan.destination.id] : [])));
      const placed = new Set(own.flatMap((s) => (s.placement ? [s.placement.dataCenter.id] : [])));
      const circuits = present(unit.circuits, `${unit.id}'s circuits`);
      for (const circuit of circuits) {
        if (!planned.has(circuit.dataCenter.id))
          mismatch(unit.id, `circuit ${circuit.id} reaches ${circuit.dataCenter.id}, which no plan of it names`);
      }
      for (const dataCenterId of placed) {
        if (!circuits.some((c) => c.dataCenter.id === dataCenterId && c.status === 'ACTIVE'))
          mismatch(unit.id, `systems placed in ${dataCenterId}, but no live circuit reaches it`);
      }
    }

    const seeded = programmeStory().systems.length;
    console.log(`Seed agreement: ${systems.length} systems checked (${units.length} units' circuits), ${mismatches.length} mismatches.`);
    expect(mismatches).toEqual([]);
    expect(systems).toHaveLength(seeded);
    expect(totalCount).toBe(seeded);
    // The story is not empty where it matters: providers selected, systems placed, classified ones exempt.
    expect(systems.filter((s) => s.vendor).length).toBeGreaterThan(100);
    expect(systems.filter((s) => s.placement).length).toBeGreaterThan(100);
    expect(systems.filter((s) => s.classification === 'CLASSIFIED').length).toBeGreaterThan(0);
  });
});
