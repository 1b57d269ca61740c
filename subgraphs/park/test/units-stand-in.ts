/**
 * A stand-in for the units subgraph over HTTP, for the park's in-process tests: it answers the two
 * questions the park asks units as a service (whose system is placed, which units a coordinating unit
 * covers) from the tables given here, and only when the request carries a service token signed with the
 * test secret, as the kit's askPeer signs it. The real units subgraph answers them in the end-to-end tests.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { secretKey, viewerOfSubgraphRequest } from '@cq/kit/identity';
import { TEST_SECRET } from '@cq/kit/testing';
import { SYSTEM_OWNER } from '../src/domain/commands.ts';
import { COORDINATED_SUBTREE } from '../src/domain/policy.ts';

export interface UnitsStandIn {
  url: string;
  /** The questions asked so far, by operation (CoordinatedSubtree or ParkSystemOwner), with the asking service. */
  asked: { operation: string; id: string; caller: string }[];
  stop(): Promise<void>;
}

export interface UnitsAnswers {
  /** The unit a system belongs to; null for a system units does not know. */
  ownerOf: (systemId: string) => string | null;
  /** The units a coordinating unit covers, itself included, by its id. */
  subtrees: Record<string, string[]>;
  /** Ids (of systems or units) units answers with an error for: the park must refuse what needs the answer. */
  failingFor?: readonly string[];
}

const key = secretKey(TEST_SECRET);

const body = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text) as { query: string; variables: { id: string } };
};

export async function startUnitsStandIn({ ownerOf, subtrees, failingFor = [] }: UnitsAnswers): Promise<UnitsStandIn> {
  const asked: UnitsStandIn['asked'] = [];
  const server = createServer(async (req, res) => {
    const answer = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    try {
      const caller = await viewerOfSubgraphRequest(req, key);
      const { query, variables } = await body(req);
      const operation = query === COORDINATED_SUBTREE ? 'CoordinatedSubtree' : query === SYSTEM_OWNER ? 'ParkSystemOwner' : 'unknown';
      asked.push({ operation, id: variables.id, caller: caller.id });
      if (caller.role !== 'service') return answer(200, { errors: [{ message: 'Only services ask this stand-in.' }] });
      if (failingFor.includes(variables.id)) return answer(200, { errors: [{ message: 'The units stand-in fails on purpose.' }] });
      if (operation === 'CoordinatedSubtree') {
        const subtree = subtrees[variables.id];
        return answer(200, { data: { unit: subtree ? { subtreeIds: subtree } : null } });
      }
      if (operation === 'ParkSystemOwner') {
        const unitId = ownerOf(variables.id);
        return answer(200, { data: { system: unitId ? { unit: { id: unitId } } : null } });
      }
      return answer(200, { errors: [{ message: `The units stand-in does not know this question: ${query}` }] });
    } catch (error) {
      return answer(401, { errors: [{ message: (error as Error).message }] });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    asked,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The seed's convention for the systems the park places in its tests: `<unit>-system-<n>`, and `cmd-…` systems of a test unit. */
export const seedOwner = (systemId: string): string | null =>
  /^(.+)-system-\d+$/.exec(systemId)?.[1] ?? (systemId.startsWith('cmd-') ? 'cmd-test-unit' : null);
