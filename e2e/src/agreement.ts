/**
 * Whether the four subgraphs agree, read back through a running gateway as the joint-conference office,
 * for any dataset: the seed's story (e2e/test/seed.test.ts) or a generated programme (scripts/agreement.ts). A
 * selected provider holds the system's contract lines (no other provider does) and its task report; a
 * centralised system is placed in its latest plan's data centre, since no later than the day it was
 * centralised, under contracts whose term covers the placement; a classified system is never planned,
 * placed, contracted or reported on (§1); a unit's circuits reach the data centres its plans name, and one
 * is live wherever a system of it is placed.
 */
import { dateOf } from '@cq/kit/time';

const SYSTEMS = `query AgreementSystems($after: String) {
  systems(first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node {
      id classification stage unit { id } vendor { id }
      history { to at }
      migrationPlan { destination { id } }
      placement { since until dataCenter { id } }
      migrationTask { vendor { id } }
    } }
  } }`;

const CONTRACTS = `query AgreementContracts {
  vendors { id contracts { id status startsOn endsOn unit { id } lines { system { id } } } } }`;

const UNITS = `query AgreementUnits($after: String) {
  units(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id circuits { id status dataCenter { id } } } }
  } }`;

interface SystemNode {
  id: string;
  classification: string;
  stage: string | null;
  unit: { id: string };
  vendor: { id: string } | null;
  history: { to: string; at: string }[];
  migrationPlan: { destination: { id: string } } | null;
  placement: { since: string; until: string | null; dataCenter: { id: string } } | null;
  migrationTask: { vendor: { id: string } } | null;
}
interface UnitNode {
  id: string;
  circuits: { id: string; status: string; dataCenter: { id: string } }[] | null;
}
interface Page<N> {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: N }[];
}
interface ContractNode {
  id: string;
  status: string;
  startsOn: string;
  endsOn: string;
  unit: { id: string };
  lines: { system: { id: string } | null }[];
}

export interface Agreement {
  systems: number;
  /** The systems the graph says it has (`totalCount`): all of them were read when it equals `systems`. */
  totalCount: number;
  units: number;
  /** How much of the story there is to agree on: systems with a provider selected, placed, classified. */
  selected: number;
  placed: number;
  classified: number;
  mismatches: string[];
}

const CENTRALISED = ['CENTRALISED', 'INTEGRATED'];

export async function checkAgreement(gatewayUrl: string, token: string, progress: (what: string) => void = () => {}): Promise<Agreement> {
  const ask = async <D>(query: string, variables: Record<string, unknown> = {}): Promise<D> => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: D; errors?: unknown[] };
    if (body.errors?.length || !body.data) throw new Error(`The gateway answered ${response.status}: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  async function all<N>(query: string, field: 'systems' | 'units'): Promise<{ nodes: N[]; totalCount: number }> {
    const nodes: N[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page<N> = (await ask<Record<string, Page<N>>>(query, { after }))[field] as Page<N>;
      nodes.push(...page.edges.map((e) => e.node));
      progress(`${nodes.length} ${field}`);
      if (!page.pageInfo.hasNextPage) return { nodes, totalCount: page.totalCount ?? nodes.length };
      after = page.pageInfo.endCursor;
    }
  }

  const { nodes: systems, totalCount } = await all<SystemNode>(SYSTEMS, 'systems');
  const { vendors } = await ask<{ vendors: { id: string; contracts: ContractNode[] | null }[] }>(CONTRACTS);
  const { nodes: units } = await all<UnitNode>(UNITS, 'units');

  // The contracts whose lines name each system, with the provider holding them.
  const linesOf = new Map<string, { vendorId: string; contract: ContractNode }[]>();
  for (const vendor of vendors) {
    for (const contract of vendor.contracts ?? []) {
      for (const line of contract.lines) {
        if (!line.system) continue;
        const held = linesOf.get(line.system.id) ?? [];
        held.push({ vendorId: vendor.id, contract });
        linesOf.set(line.system.id, held);
      }
    }
  }

  const today = dateOf(new Date());
  const mismatches: string[] = [];
  const mismatch = (id: string, what: string) => mismatches.push(`${id}: ${what}`);
  for (const system of systems) {
    const held = linesOf.get(system.id) ?? [];
    const providers = new Set(held.map((h) => h.vendorId));
    if (system.classification === 'CLASSIFIED') {
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
      for (const { contract } of held)
        if (contract.unit.id !== system.unit.id) mismatch(system.id, `contract ${contract.id} is unit ${contract.unit.id}'s`);
    } else if (held.length || system.migrationTask) {
      mismatch(system.id, 'no provider selected, yet contracted or reported on');
    }
    const centralised = system.history.find((t) => t.to === 'CENTRALISED');
    if (!CENTRALISED.includes(system.stage ?? '')) continue;
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

  // A unit's circuits reach the data centres its plans name, and one is live wherever a system of it is placed.
  const systemsOf = new Map<string, SystemNode[]>();
  for (const s of systems) systemsOf.set(s.unit.id, [...(systemsOf.get(s.unit.id) ?? []), s]);
  for (const unit of units) {
    const own = systemsOf.get(unit.id) ?? [];
    const planned = new Set(own.flatMap((s) => (s.migrationPlan ? [s.migrationPlan.destination.id] : [])));
    const placed = new Set(own.flatMap((s) => (s.placement ? [s.placement.dataCenter.id] : [])));
    const circuits = unit.circuits ?? [];
    if (!unit.circuits) mismatch(unit.id, 'its circuits could not be read');
    for (const circuit of circuits)
      if (!planned.has(circuit.dataCenter.id))
        mismatch(unit.id, `circuit ${circuit.id} reaches ${circuit.dataCenter.id}, which no plan of it names`);
    for (const dataCenterId of placed)
      if (!circuits.some((c) => c.dataCenter.id === dataCenterId && c.status === 'ACTIVE'))
        mismatch(unit.id, `systems placed in ${dataCenterId}, but no live circuit reaches it`);
  }
  return {
    systems: systems.length,
    totalCount,
    units: units.length,
    selected: systems.filter((s) => s.vendor).length,
    placed: systems.filter((s) => s.placement).length,
    classified: systems.filter((s) => s.classification === 'CLASSIFIED').length,
    mismatches,
  };
}
