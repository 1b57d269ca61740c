/**
 * What the operations' variables are drawn from, read from the running hub once before any load: the
 * units' cursors, the contracts' and systems' ids, and the systems the workflow mutation reassesses (one
 * per connection, so concurrent requests never race for the same system's version).
 */
import type { Viewer } from '@cq/kit/identity';
import { developmentToken } from '@cq/kit/secrets';
import { ask } from './graphql.ts';

export interface AssessableSystem {
  id: string;
  unitId: string;
  /** The version the next reassessment expects; each answer moves it on. */
  version: number;
  /** The caller token of its unit's officer, who alone may assess it. */
  token: string;
}

export interface Fixtures {
  /** Every unit's cursor (up to a cap): a page starting after any of them. */
  unitCursors: string[];
  contractIds: string[];
  systemIds: string[];
  assessable: AssessableSystem[];
  /** Systems the bench registered because the data had too few to reassess (none on a rerun). */
  created: string[];
}

/** Enough distinct variables that no gateway sees the same request twice in a row, without reading a huge dataset. */
const CAP = 2000;

/**
 * The cursors after which the next 10 units are all generated ones: a page of the same shape at every
 * scale (about ten systems a unit), where the seed's own units (two to four systems each) would otherwise
 * make the small dataset's pages lighter. All cursors when no such page exists.
 */
function generatedPages(units: { cursor: string; node: { id: string } }[]): string[] {
  const generated = units.filter((_, i) => i + 11 <= units.length && units.slice(i + 1, i + 11).every((e) => e.node.id.startsWith('gen-')));
  return (generated.length ? generated : units).map((e) => e.cursor);
}

type Page<N> = { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: { cursor: string; node: N }[] };

async function pages<N>(url: string, headers: Record<string, string>, field: 'units' | 'systems', selection: string, filter?: object) {
  const edges: { cursor: string; node: N }[] = [];
  let after: string | null = null;
  do {
    const data: Record<string, Page<N>> = await ask(
      url,
      `query BenchFixtures($after: String, $filter: ${field === 'units' ? 'UnitFilter' : 'SystemFilter'}) {
        ${field}(first: 100, after: $after, filter: $filter) { totalCount pageInfo { endCursor hasNextPage } edges { cursor node { ${selection} } } }
      }`,
      { after, filter: filter ?? null },
      headers,
    );
    const page = data[field];
    if (!page) throw new Error(`${field} answered nothing`);
    edges.push(...page.edges);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after && edges.length < CAP);
  return edges;
}

export const officerOf = (unitId: string): Viewer => ({ id: `${unitId}-officer`, role: 'unit-officer', unitId });

/**
 * Reads the fixtures as the joint-conference office (who reads everything). When fewer non-classified
 * systems stand at INVENTORIED or ASSESSED than there are connections, registers the missing ones
 * (`bench-assess-N`, INVENTORIED, in the first unit) as that unit's officer: the workflow mutation needs
 * one system per connection.
 */
export async function readFixtures(gatewayUrl: string, officeToken: string, signingKey: string, connections: number): Promise<Fixtures> {
  const headers = { authorization: `Bearer ${officeToken}` };
  const units = await pages<{ id: string }>(gatewayUrl, headers, 'units', 'id');
  const systems = await pages<{ id: string }>(gatewayUrl, headers, 'systems', 'id');
  const vendors = await ask<{ vendors: { contracts: { id: string }[] | null }[] }>(
    gatewayUrl,
    'query BenchContracts { vendors { contracts { id } } }',
    {},
    headers,
  );
  const contractIds = vendors.vendors.flatMap((v) => (v.contracts ?? []).map((c) => c.id)).slice(0, CAP);
  const firstUnit = units[0]?.node.id;
  if (!firstUnit || !contractIds.length || !systems.length) throw new Error('The hub holds no units, systems or contracts to bench with.');

  type Candidate = { id: string; version: number; unit: { id: string } };
  const candidates = async () =>
    (
      await Promise.all(
        ['INVENTORIED', 'ASSESSED'].map((stage) =>
          pages<Candidate>(gatewayUrl, headers, 'systems', 'id version unit { id }', { stage, classification: 'NON_CLASSIFIED' }),
        ),
      )
    ).flatMap((edges) => edges.map((e) => e.node));
  let assessable = await candidates();
  const created: string[] = [];
  if (assessable.length < connections) {
    const officer = await developmentToken(signingKey, officerOf(firstUnit));
    const taken = new Set(systems.map((s) => s.node.id));
    for (let n = 1; assessable.length + created.length < connections; n += 1) {
      const id = `bench-assess-${n}`;
      if (taken.has(id)) continue;
      await ask(
        gatewayUrl,
        'mutation BenchCreateSystem($input: CreateSystemInput!) { createSystem(input: $input) { id } }',
        {
          input: {
            id,
            unitId: firstUnit,
            name: `Benchmark system ${n}`,
            officialName: `基准测试系统${n}`,
            classification: 'NON_CLASSIFIED',
            businessType: 'OFFICE_AUTOMATION',
            hosting: 'OWN_MACHINE_ROOM',
          },
        },
        { authorization: `Bearer ${officer}` },
      );
      created.push(id);
    }
    assessable = await candidates();
  }
  const tokens = new Map<string, string>();
  const tokenOf = async (unitId: string) => {
    const token = tokens.get(unitId) ?? (await developmentToken(signingKey, officerOf(unitId)));
    tokens.set(unitId, token);
    return token;
  };
  return {
    unitCursors: generatedPages(units),
    contractIds,
    systemIds: systems.map((e) => e.node.id),
    // One per connection: the rest would never be asked.
    assessable: await Promise.all(
      assessable
        .slice(0, connections)
        .map(async (s) => ({ id: s.id, unitId: s.unit.id, version: s.version, token: await tokenOf(s.unit.id) })),
    ),
    created,
  };
}
