/**
 * A stand-in for the units subgraph, over real HTTP, for the in-process tests of the vendors policy: it
 * answers the two questions vendors asks (a coordinator's subtree, whose systems are) from a small table,
 * and only when the request is signed as a service of this test hub, as the real one would. The answers
 * are the units seed's (its selections, made up, need not match this subgraph's sample tasks and
 * contracts); the end-to-end tests ask the real units subgraph.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { secretKey, viewerOfSubgraphRequest } from '@cq/kit/identity';
import { TEST_SECRET } from '@cq/kit/testing';

/** Coordinating units and their subtrees (§6.2): Nan'an District coordinates its water company. */
export const SUBTREES: Record<string, string[]> = {
  'nanan-district': ['nanan-district', 'sample-nanan-water-company'],
};

/** Systems: their unit and the provider they last selected (§3.2), null before a selection. */
export const SYSTEMS: Record<string, { unit: string; vendor: string | null }> = {
  'nanan-district-system-1': { unit: 'nanan-district', vendor: 'sample-shancheng-data' },
  'nanan-district-system-2': { unit: 'nanan-district', vendor: 'sample-yangtze-cloud' },
  'nanan-district-system-4': { unit: 'nanan-district', vendor: null },
  'sample-nanan-water-company-system-1': { unit: 'sample-nanan-water-company', vendor: 'sample-yangtze-cloud' },
  'banan-district-system-1': { unit: 'banan-district', vendor: 'sample-shancheng-data' },
  'kai-county-system-1': { unit: 'kai-county', vendor: 'sample-shancheng-data' },
  'kai-county-system-2': { unit: 'kai-county', vendor: 'sample-jialing-cloud' },
  'tourism-bureau-system-1': { unit: 'tourism-bureau', vendor: 'chongqing-cloud-investment' },
  'tourism-bureau-system-2': { unit: 'tourism-bureau', vendor: 'sample-yangtze-cloud' },
  'general-office-system-1': { unit: 'general-office', vendor: 'sample-shancheng-data' },
  'yuzhong-district-system-1': { unit: 'yuzhong-district', vendor: 'sample-jialing-cloud' },
  'yuzhong-district-system-2': { unit: 'yuzhong-district', vendor: 'chongqing-cloud-investment' },
  'rural-commercial-bank-system-1': { unit: 'rural-commercial-bank', vendor: 'sample-jialing-cloud' },
};

const body = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text) as { query: string; variables: Record<string, unknown> };
};

function answer(query: string, variables: Record<string, unknown>) {
  const operation = /^query (\w+)/.exec(query)?.[1];
  if (operation === 'CoordinatedSubtree') {
    const subtree = SUBTREES[variables.id as string];
    return { unit: subtree ? { subtreeIds: subtree } : null };
  }
  if (operation === 'VendorsSystemFacts') {
    const representations = variables.representations as { id: string }[];
    return {
      _entities: representations.map(({ id }) => {
        const system = SYSTEMS[id];
        return system ? { id, unit: { id: system.unit }, vendor: system.vendor ? { id: system.vendor } : null } : null;
      }),
    };
  }
  throw new Error(`The units stand-in does not know the operation ${operation}.`);
}

/** Starts the stand-in on a free port; `asked` lists the operations it answered, in order. */
export async function startUnitsPeer() {
  const key = secretKey(TEST_SECRET);
  const asked: string[] = [];
  const server = createServer(async (req, res) => {
    res.setHeader('content-type', 'application/json');
    try {
      const viewer = await viewerOfSubgraphRequest(req, key);
      if (viewer.role !== 'service') throw new Error('only services of the hub ask this');
      const { query, variables } = await body(req);
      asked.push(/^query (\w+)/.exec(query)?.[1] ?? 'unnamed');
      res.end(JSON.stringify({ data: answer(query, variables) }));
    } catch (error) {
      res.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    asked,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
